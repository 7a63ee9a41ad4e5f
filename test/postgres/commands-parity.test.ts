// Every command on PostgreSQL gives what it gives on SQLite: the seeds/ data (10,000 users) seeded, ranked and
// exported by the real entry points on each database; the two exports are the same bytes, so the profile weights,
// the engine's input and the stored doubles match to the bit.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { type DialectDatabase, dialects, freshDialectDatabase } from "../support/stores.js";

/** `tsx src/<script>.ts args` with DATABASE_URL set, as `npm run <script> -- args` runs it. */
function command(url: string, script: string, ...args: string[]) {
  const { RESULTS_TABLE: _, ...env } = process.env;
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join("src", `${script}.ts`), ...args], {
    cwd: projectRoot,
    env: { ...env, DATABASE_URL: url },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const databases = {} as Record<(typeof dialects)[number], DialectDatabase>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kindred-parity-"));
  for (const dialect of dialects) {
    const database = (databases[dialect] = await freshDialectDatabase(dialect));
    for (const [script, ...args] of [["seed"], ["rank", "--workers", "2"], ["export", "--out", path.join(dir, `${dialect}.csv`)]]) {
      const run = command(database.url, script, ...args);
      // The rank's phases as they begin (its progress line off a terminal), and nothing else.
      const problems = script === "rank" ? run.stderr.replace(/^(load|compute|write) · .*\n/gm, "") : run.stderr;
      expect(problems, `${script} on ${dialect}`).toBe("");
      expect(run.status, `${script} on ${dialect}`).toBe(0);
    }
  }
}, 600_000);
afterAll(async () => {
  for (const database of Object.values(databases)) await database.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe("the commands on PostgreSQL and on SQLite", () => {
  test("export the same bytes after seeding and ranking seeds/", () => {
    const [sqlite, postgresql] = dialects.map((dialect) => readFileSync(path.join(dir, `${dialect}.csv`)));
    expect(sqlite.toString("utf8").split("\n")).toHaveLength(1 + 200_000 + 1); // header, K = 20 for 10,000 users, final newline
    expect(postgresql.equals(sqlite)).toBe(true);
  });

  test("similar --json names the same neighbours with the same scores", () => {
    const [sqlite, postgresql] = dialects.map((dialect) => command(databases[dialect].url, "similar", "110", "--json", "--limit", "20"));
    expect(postgresql.status).toBe(0);
    expect(JSON.parse(postgresql.stdout).similar).toEqual(JSON.parse(sqlite.stdout).similar);
    expect(JSON.parse(sqlite.stdout).similar).toHaveLength(20);
  });

  test("evaluate gives the same figures", () => {
    const [sqlite, postgresql] = dialects.map((dialect) => command(databases[dialect].url, "evaluate", "--task", "interests", "--json"));
    expect(postgresql.status).toBe(0);
    expect(JSON.parse(postgresql.stdout).results).toEqual(JSON.parse(sqlite.stdout).results);
  }, 120_000);
});
