import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { projectRoot } from "../src/database-url.js";

// Each command that needs a migrated database (src/server.ts is `npm run serve`), run as npm would run it, against a database that is
// not there or not migrated: one `! …` line naming the file and what to run, exit 1, and no file left behind.

const commands: [script: string, args: string[]][] = [
  ["similar", ["110"]],
  ["export", ["--out", path.join(os.tmpdir(), "kindred-never-written.csv")]],
  ["server", []],
  ["evaluate", []],
  ["rank", []],
];

function run(script: string, args: string[], url: string) {
  const { RESULTS_TABLE: _, ...env } = process.env;
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join("src", `${script}.ts`), ...args], {
    cwd: projectRoot,
    env: { ...env, DATABASE_URL: url, PORT: "0" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

const dir = mkdtempSync(path.join(os.tmpdir(), "kindred-missing-"));
// An empty file has none of them applied: every folder of prisma/migrations.
const migrationCount = readdirSync(path.join(projectRoot, "prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a command pointed at a database that is not there", () => {
  test.each(commands)("%s says which file and what to run, exit 1, and creates nothing", (script, args) => {
    const file = path.join(dir, `${script}-typo.db`);
    const r = run(script, args, `file:${file}`);
    expect(r.stderr).toBe(
      `! no database at ${file}: run \`npm start\` to create, seed and rank it, or \`npx prisma migrate deploy\` to create it empty\n`,
    );
    expect(r.status).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith(`${script}-typo`))).toEqual([]);
  }, 60_000);

  test("in a folder that does not exist either", () => {
    const r = run("similar", ["110"], "file:/no/such/dir/x.db");
    expect(r).toMatchObject({
      status: 1,
      stderr: "! no database at /no/such/dir/x.db: run `npm start` to create, seed and rank it, or `npx prisma migrate deploy` to create it empty\n",
    });
  }, 60_000);
});

describe("a command pointed at a database without the migrations", () => {
  test.each(commands)("%s says which file and to run npx prisma migrate deploy, exit 1", (script, args) => {
    const file = path.join(dir, `${script}-empty.db`);
    writeFileSync(file, "");
    const r = run(script, args, `file:${file}`);
    expect(r.stderr).toBe(`! ${file}: ${migrationCount} migrations are not applied: run \`npx prisma migrate deploy\` (or \`npm start\`)\n`);
    expect(r.status).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith(`${script}-empty`))).toEqual([`${script}-empty.db`]);
  }, 60_000);
});
