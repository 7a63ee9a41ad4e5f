// The seed replaces the activity tables in one transaction: a failed, thrown or interrupted import leaves the
// previous rows exactly as they were, a successful one replaces them all, and ranking runs are never touched.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { openSqlite } from "../../src/db.js";
import { ImportError } from "../../src/import/import-errors.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { fixtures, seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();

const tables = ["users", "courses", "course_tags", "interests", "course_views", "assessment_scores", "ranking_runs"];

/** Every row of the activity tables and ranking_runs, in a stable order. */
function snapshot(): Record<string, unknown[]> {
  const db = openSqlite(bed.database.url);
  try {
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  } finally {
    db.close();
  }
}

function addRankingRun(): void {
  const db = openSqlite(bed.database.url);
  db.prepare(
    `INSERT INTO ranking_runs (name, status, started_at, engine_version, parameters) VALUES ('user_ranking', 'complete', '2026-01-01T00:00:00.000+00:00', 1, '{}')`,
  ).run();
  db.prepare(`INSERT INTO neighbours (run_id, user_handle, rank, neighbour_handle, score) VALUES (1, 1, 1, 2, 0.5)`).run();
  db.close();
}

const good = path.join(fixtures, "good");

describe("all or nothing", () => {
  it("leaves the previous rows untouched when the new files have invalid rows", async () => {
    await seedDatabase({ dir: good, url: bed.database.url });
    const before = snapshot();
    const error = await seedDatabase({ dir: path.join(fixtures, "bad-rows"), url: bed.database.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(snapshot()).toEqual(before);
    expect(before.interests).toHaveLength(2);
  });

  it("rolls back everything when the write throws half-way", async () => {
    await seedDatabase({ dir: good, url: bed.database.url });
    const before = snapshot();
    const folder = bed.folder({ "user_interests.csv": `"user_handle","interest_tag","date_followed"\n9,"elm","2017-06-27 16:26:52"\n` });
    const failure = new Error("disk unplugged");
    const thrown = await seedDatabase({
      dir: folder,
      url: bed.database.url,
      onProgress: (p) => {
        // By the time course_views is written, users, courses, tags and interests were already replaced.
        if (p.phase === "write" && p.table === "course_views") throw failure;
      },
    }).catch((e: unknown) => e);
    expect(thrown).toBe(failure);
    expect(snapshot()).toEqual(before);
  });

  it("replaces every activity row on a re-run, ids starting at 1 again, and keeps ranking runs", async () => {
    await seedDatabase({ dir: good, url: bed.database.url });
    addRankingRun();
    const folder = bed.folder({ "user_interests.csv": `"user_handle","interest_tag","date_followed"\n9,"elm","2017-06-27 16:26:52"\n` });
    await seedDatabase({ dir: folder, url: bed.database.url });
    const after = snapshot();
    expect(after.interests).toEqual([{ id: 1, user_handle: 9, tag: "elm", followed_at: "2017-06-27T16:26:52.000+00:00" }]);
    expect(after.users).toEqual([{ handle: 1 }, { handle: 3 }, { handle: 7 }, { handle: 9 }]);
    expect(after.ranking_runs).toHaveLength(1);
    const db = openSqlite(bed.database.url);
    expect(db.prepare("SELECT COUNT(*) AS n FROM neighbours").get()).toEqual({ n: 1 });
    db.close();
  });

  it("is not stopped by orphan rows in tables it does not write", async () => {
    const db = openSqlite(bed.database.url);
    db.pragma("foreign_keys = OFF");
    db.prepare(`INSERT INTO neighbours (run_id, user_handle, rank, neighbour_handle, score) VALUES (999, 1, 1, 2, 0.5)`).run();
    db.close();
    const summary = await seedDatabase({ dir: good, url: bed.database.url });
    expect(summary.stored.users).toBe(4);
  });

  it("leaves the previous rows untouched when the process is interrupted while writing", async () => {
    await seedDatabase({ dir: good, url: bed.database.url });
    const before = snapshot();
    const child = spawn(process.execPath, ["--import", "tsx", "src/seed.ts", "--dir", "seeds"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: bed.database.url },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // The seed holds the write lock from its BEGIN IMMEDIATE to its commit (seconds): once a probe cannot take the
    // lock, the seed is writing and has not committed.
    const probe = openSqlite(bed.database.url);
    probe.pragma("busy_timeout = 0");
    for (;;) {
      if (child.exitCode !== null) throw new Error("the seed finished before it could be interrupted");
      try {
        probe.exec("BEGIN IMMEDIATE");
        probe.exec("ROLLBACK");
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_BUSY") break;
        throw error;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    probe.close();
    child.kill("SIGINT");
    expect(await exited).toBe(null);
    expect(snapshot()).toEqual(before);
  });
});
