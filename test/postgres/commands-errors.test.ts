// A command pointed at a PostgreSQL it cannot use says so in one `! …` line naming what it tried, password hidden.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { createTestPostgres, type TestPostgres } from "../support/postgres.js";

function command(url: string, script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join("src", `${script}.ts`), ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url, PORT: "0" },
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr };
}

// Port 1 on the loopback: nothing listens there, so the connection is refused at once.
const refused = "postgresql://kindred:s3cret@127.0.0.1:1/kindred";
const refusedLine =
  '! cannot connect to PostgreSQL at 127.0.0.1:1, database "kindred" (postgresql://kindred:***@127.0.0.1:1/kindred): connect ECONNREFUSED 127.0.0.1:1\n';
const migrations = readdirSync(path.join(projectRoot, "prisma", "postgresql", "migrations"), { withFileTypes: true }).filter((e) => e.isDirectory());

let empty: TestPostgres;
beforeAll(async () => {
  empty = await createTestPostgres();
});
afterAll(() => empty?.drop());

describe("commands on an unreachable PostgreSQL", () => {
  test.each(["rank", "similar", "export", "evaluate", "server", "seed"])("%s prints one line and exits 1", (script) => {
    const args = script === "similar" ? ["1"] : script === "export" ? ["--out", "/dev/null"] : [];
    expect(command(refused, script, ...args)).toEqual({ status: 1, stderr: refusedLine });
  });
});

describe("commands on a PostgreSQL database without the migrations", () => {
  test("rank names the database and what to run", () => {
    expect(command(empty.url, "rank")).toEqual({
      status: 1,
      stderr: `! ${empty.url}: ${migrations.length} migrations are not applied: run \`DATABASE_URL=… npx prisma migrate deploy\`\n`,
    });
  });

  test("seed names the missing tables", () => {
    const { status, stderr } = command(empty.url, "seed");
    expect(status).toBe(1);
    expect(stderr).toBe(
      `${empty.url}: no users, courses, course_authors, course_tags, interests, course_views, assessment_scores tables; apply the migrations first (DATABASE_URL=… npx prisma migrate deploy)\n`,
    );
  });
});
