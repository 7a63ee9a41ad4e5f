// On the seeded 10,000 users: 50 events of every kind recorded live (mutations' path: raw events, checked), then a
// full `npm run rank` into another results table; the two runs' exports are identical. Then `npm run ingest` of a
// delta folder does the same from CSV files. Real commands on a real SQLite file.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { targetOfUrl } from "../../src/database-url.js";
import { openStores } from "../../src/db.js";
import type { RawEvent } from "../../src/events/activity-event.js";
import { defaultSeedDir, seedDatabase } from "../../src/import/seed-database.js";
import { LiveRanking } from "../../src/rankings/live-ranking.js";
import { mulberry32 } from "../bench/stats.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

function command(database: TestDatabase, script: string, ...args: string[]) {
  const { RESULTS_TABLE: _, ...env } = process.env;
  const result = spawnSync("npx", ["tsx", `src/${script}.ts`, ...args], { env: { ...env, DATABASE_URL: database.url }, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function exported(database: TestDatabase, name: string): string {
  const out = path.join(database.dir, `${name}.csv`);
  const result = command(database, "export", "--out", out, "--results-table", name);
  expect(result.stderr).toBe("");
  return readFileSync(out, "utf8");
}

let database: TestDatabase;
beforeAll(async () => {
  database = freshDatabase();
  await seedDatabase({ dir: defaultSeedDir, url: database.url });
  expect(command(database, "rank").status).toBe(0);
}, 300_000);
afterAll(() => database.remove());

describe("live updates on the seeded data", () => {
  test("50 follows, 50 views and 50 assessments, then a full run into another table: identical exports", async () => {
    const stores = await openStores(targetOfUrl(database.url));
    const random = mulberry32(2026);
    const pick = (n: number) => Math.floor(random() * n);
    // Existing users (handles 1..10000 in the seed), a few new ones, seeded tags and courses.
    const handle = () => (random() < 0.9 ? 1 + pick(10_000) : 20_000 + pick(20));
    const tags = ["python", "javascript", "docker", "machine-learning", "c#", "sql-server", "linux", "angular-js"];
    const courses = ["csharp-fundamentals-csharp5", "python-beyond-basics", "docker-deep-dive"];
    const events: RawEvent[] = [];
    for (let i = 0; i < 50; i++) {
      events.push({ kind: "interest", handle: handle(), tag: tags[pick(tags.length)], followedAt: `2026-11-${10 + pick(20)} 12:00:00` });
      events.push({ kind: "assessment", handle: handle(), tag: tags[pick(tags.length)], takenAt: `2026-11-${10 + pick(20)}`, score: pick(300) });
      const course = pick(courses.length);
      events.push({ kind: "courseView", handle: handle(), courseId: `${courses[course]}-live`, viewedOn: "2026-11-30", seconds: 60 + pick(3000), authorHandle: 5000 + course, level: "Beginner" });
    }
    const live = new LiveRanking(stores.live!, "user_ranking");
    await live.warm();
    let revision = 0;
    for (let at = 0; at < events.length; at += 10) {
      const batch = await live.record(events.slice(at, at + 10));
      revision = batch.run!.revision;
    }
    expect(revision).toBe(150);
    await stores.close();
    expect(command(database, "rank", "--results-table", "reference").status).toBe(0);
    const served = exported(database, "user_ranking");
    expect(served.split("\n").length).toBeGreaterThan(190_000);
    expect(served).toBe(exported(database, "reference"));
  }, 300_000);

  test("npm run ingest of delta files: stored as events, the run updated, identical to a full run", () => {
    const delta = path.join(database.dir, "delta");
    mkdirSync(delta);
    writeFileSync(path.join(delta, "user_interests.csv"), "user_handle,interest_tag,date_followed\n7,python,2026-11-30 10:00:00\n7,python,2026-11-30 10:00:00\n30001,docker,2026-11-30\n");
    writeFileSync(path.join(delta, "user_course_views.csv"), "user_handle,view_date,course_id,author_handle,level,view_time_seconds\n30001,2026-11-30,docker-deep-dive-live,5002,Beginner,900\n");
    const ingest = command(database, "ingest", "--dir", delta);
    expect(ingest.stderr).toBe("");
    expect(ingest.status).toBe(0);
    expect(ingest.stdout).toContain("stored 3 rows as events (1 exact duplicate collapsed)");
    // Revision counts every event the run absorbed: the 150 above and these 3.
    expect(ingest.stdout).toMatch(/served run \d+: revision 153, \d+ users' lists rewritten/);
    expect(command(database, "rank", "--results-table", "reference").status).toBe(0);
    expect(exported(database, "user_ranking")).toBe(exported(database, "reference"));

    // A bad row names file, line and column, and stores nothing.
    writeFileSync(path.join(delta, "user_interests.csv"), "user_handle,interest_tag,date_followed\n8,python,2026-11-30\n8,,2026-11-30\n");
    const bad = command(database, "ingest", "--dir", delta);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("user_interests.csv:3: interest_tag: blank");
    writeFileSync(path.join(delta, "user_interests.csv"), "user_handle,interest_tag,date_followed\n8,python,2026-11-30\n");
    writeFileSync(path.join(delta, "user_course_views.csv"), "user_handle,view_date,course_id,author_handle,level,view_time_seconds\n8,2026-11-30,docker-deep-dive-live,5002,Advanced,900\n");
    const conflict = command(database, "ingest", "--dir", delta);
    expect(conflict.status).toBe(1);
    expect(conflict.stderr).toBe('user_course_views.csv:2: level: differs from an earlier view of the course (course "docker-deep-dive-live" has Beginner, got "Advanced")\nnothing was ingested\n');
    expect(exported(database, "user_ranking")).toBe(exported(database, "reference"));
  }, 300_000);
});
