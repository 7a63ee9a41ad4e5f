import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../support/database.js";
import { tinyFixtureDatabase } from "./tiny-fixture.js";

/** Runs `tsx src/<script>.ts args` against the test database, as `npm run <script> -- args` would. */
function command(database: TestDatabase, script: string, ...args: string[]) {
  const { RESULTS_TABLE: _, ...env } = process.env;
  const result = spawnSync("npx", ["tsx", `src/${script}.ts`, ...args], {
    env: { ...env, DATABASE_URL: database.url },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("rank, similar and export commands", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await tinyFixtureDatabase();
  });
  afterAll(() => database.remove());

  it("similar and export say to run `npm run rank` when no run exists yet", () => {
    const similar = command(database, "similar", "1");
    expect(similar.status).toBe(1);
    expect(similar.stderr).toBe('! no complete ranking run named "user_ranking" yet: run `npm run rank` first\n');
    const exported = command(database, "export", "--out", path.join(database.dir, "none.csv"));
    expect(exported.status).toBe(1);
    expect(exported.stderr).toContain("run `npm run rank` first");
  });

  it("rank stores a run and prints its summary", () => {
    const rank = command(database, "rank", "--workers", "1");
    expect(rank.status).toBe(0);
    // Off a terminal the progress line is one plain line as each phase begins, nothing more.
    expect(rank.stderr).toMatch(
      /^load · loading profiles… · \d+ s\ncompute · pairing users 4 \/ 4 users · \d+ s\nwrite · writing neighbours 0 \/ 6 rows · \d+ s · estimating the time left\n$/,
    );
    expect(rank.stdout).toMatch(
      /^Ranking run \d+ "user_ranking" complete\n {2}method {13}exact \(auto: predicted exact work 4\.00e\+0 accumulations, exact up to 2e\+10\)\n {2}users ranked {7}4\n {2}neighbour rows {5}6 \(top 20\)\n/,
    );
  });

  it("similar prints a user's neighbours with the score of each source", () => {
    const similar = command(database, "similar", "3");
    expect(similar.status).toBe(0);
    const lines = similar.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^User 3: 2 most similar users \(run \d+ "user_ranking", /);
    expect(lines.slice(1)).toEqual([
      "  rank  handle   score   interests     courses assessments",
      "     1       1  0.5000      0.5000           -           -",
      "     2       2  0.5000      0.5000           -           -",
    ]);
  });

  it("similar --json gives the same neighbours as data", () => {
    const similar = command(database, "similar", "1", "--json", "--limit", "1");
    expect(similar.status).toBe(0);
    expect(JSON.parse(similar.stdout).similar).toEqual([
      { rank: 1, neighbourHandle: 2, score: 1, interests: 1, courses: null, assessments: null },
    ]);
  });

  it("similar rejects an unknown handle, a bad handle and a limit above the run's top K", () => {
    expect(command(database, "similar", "99")).toMatchObject({ status: 1, stderr: "! no user with handle 99\n" });
    expect(command(database, "similar", "abc")).toMatchObject({
      status: 1,
      stderr: '! handle must be a positive integer, got "abc"\n',
    });
    expect(command(database, "similar", "1", "--limit", "21")).toMatchObject({
      status: 1,
      stderr: '! --limit must be a whole number from 1 to 20, got "21"\n',
    });
  });

  it("similar takes handles as the API does: a 16-digit one is named as written, a 17-digit one is malformed", () => {
    expect(command(database, "similar", "9999999999999999")).toMatchObject({
      status: 1,
      stderr: "! no user with handle 9999999999999999\n",
    });
    expect(command(database, "similar", "10000000000000000")).toMatchObject({
      status: 1,
      stderr: '! handle must be a positive integer, got "10000000000000000"\n',
    });
  });

  it("export writes the served run as CSV, empty where a source is undefined", async () => {
    const out = path.join(database.dir, "ranking.csv");
    const exported = command(database, "export", "--out", out);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/^Wrote 6 rows of run \d+ "user_ranking" to /);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines).toEqual([
      "user_handle,rank,neighbour_handle,score,interests,courses,assessments",
      "1,1,2,1,1,,",
      "1,2,3,0.5,0.5,,",
      "2,1,1,1,1,,",
      "2,2,3,0.5,0.5,,",
      "3,1,1,0.5,0.5,,",
      "3,2,2,0.5,0.5,,",
    ]);
  });
});
