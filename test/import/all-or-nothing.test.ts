// The seed replaces the activity tables in one transaction: a failed, thrown or interrupted import leaves the
// previous rows exactly as they were, a successful one replaces them all, and ranking runs are never touched.
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databasePath, projectRoot } from "../../src/database-url.js";
import { openSqlite } from "../../src/db.js";
import { ImportError } from "../../src/import/import-errors.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { type DialectDatabase, dialects, freshDialectDatabase } from "../support/stores.js";
import { fixtures, seedTestBed } from "./seed-dir.js";

// The seed folders of each test (its database comes from freshDialectDatabase below).
const folders = seedTestBed();

/** Each table of the snapshot, with the columns that order its rows. */
const tables = {
  users: "handle",
  courses: "id",
  course_tags: "course_id, tag",
  interests: "id",
  course_views: "id",
  assessment_scores: "id",
  ranking_runs: "id",
};

const good = path.join(fixtures, "good");

describe.each(dialects)("all or nothing on %s", (dialect) => {
  let database: DialectDatabase;
  beforeEach(async () => {
    database = await freshDialectDatabase(dialect);
  });
  afterEach(() => database?.remove());

  /** Every row of the activity tables and ranking_runs, in a stable order. */
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const entries = [];
    for (const [table, order] of Object.entries(tables)) entries.push([table, await database.select(`SELECT * FROM ${table} ORDER BY ${order}`)]);
    return Object.fromEntries(entries);
  }

  async function addRankingRun(): Promise<void> {
    await database.exec(
      `INSERT INTO ranking_runs (name, status, started_at, engine_version, parameters) VALUES ('user_ranking', 'complete', '2026-01-01T00:00:00.000+00:00', 1, '{}')`,
    );
    await database.exec(`INSERT INTO neighbours (run_id, user_handle, rank, neighbour_handle, score) VALUES (1, 1, 1, 2, 0.5)`);
  }

  /**
   * Whether a seed is writing and has not committed. On SQLite it holds the write lock from its BEGIN IMMEDIATE to
   * its commit (seconds), so a probe cannot take it; on PostgreSQL its TRUNCATE holds an exclusive lock on users.
   */
  async function isWriting(): Promise<boolean> {
    if (dialect === "postgresql") {
      const held = await database.select(
        `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
         WHERE c.relname = 'users' AND l.mode = 'AccessExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()`,
      );
      return held.length > 0;
    }
    const probe = openSqlite(database.url);
    probe.pragma("busy_timeout = 0");
    try {
      probe.exec("BEGIN IMMEDIATE");
      probe.exec("ROLLBACK");
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
      throw error;
    } finally {
      probe.close();
    }
  }

  it("leaves the previous rows untouched when the new files have invalid rows", async () => {
    await seedDatabase({ dir: good, url: database.url });
    const before = await snapshot();
    const error = await seedDatabase({ dir: path.join(fixtures, "bad-rows"), url: database.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(await snapshot()).toEqual(before);
    expect(before.interests).toHaveLength(2);
  });

  it("rolls back everything when the write throws half-way", async () => {
    await seedDatabase({ dir: good, url: database.url });
    const before = await snapshot();
    const folder = folders.folder({ "user_interests.csv": `"user_handle","interest_tag","date_followed"\n9,"elm","2017-06-27 16:26:52"\n` });
    const failure = new Error("disk unplugged");
    const thrown = await seedDatabase({
      dir: folder,
      url: database.url,
      onProgress: (p) => {
        // By the time the views' first batch is written, course_tags, assessment_scores and interests already were.
        if (p.phase === "read" && p.fileName === "user_course_views.csv") throw failure;
      },
    }).catch((e: unknown) => e);
    expect(thrown).toBe(failure);
    expect(await snapshot()).toEqual(before);
  });

  it("replaces every activity row on a re-run, ids starting at 1 again, and keeps ranking runs", async () => {
    await seedDatabase({ dir: good, url: database.url });
    await addRankingRun();
    const folder = folders.folder({ "user_interests.csv": `"user_handle","interest_tag","date_followed"\n9,"elm","2017-06-27 16:26:52"\n` });
    await seedDatabase({ dir: folder, url: database.url });
    const after = await snapshot();
    // SQLite stores the instant as ISO text, PostgreSQL as a timestamptz (read back as a Date).
    const followedAt = dialect === "sqlite" ? "2017-06-27T16:26:52.000+00:00" : new Date("2017-06-27T16:26:52.000Z");
    expect(after.interests).toEqual([{ id: 1, user_handle: 9, tag: "elm", followed_at: followedAt }]);
    expect(after.users).toEqual([{ handle: 1 }, { handle: 3 }, { handle: 7 }, { handle: 9 }]);
    expect(after.ranking_runs).toHaveLength(1);
    const [{ n }] = await database.select("SELECT COUNT(*) AS n FROM neighbours");
    expect(Number(n)).toBe(1);
  });

  // SQLite's INSERT OR IGNORE uses up the refused repeat's id; PostgreSQL's store numbers the rows the same way.
  it("collapses exact repeats to the first, a repeat using up the id it was given", async () => {
    const folder = folders.folder({
      "user_interests.csv": `"user_handle","interest_tag","date_followed"\n9,"elm","2017-06-27 16:26:52"\n9,"elm","2017-06-27 16:26:52"\n9,"go","2017-06-28 10:00:00"\n`,
    });
    const summary = await seedDatabase({ dir: folder, url: database.url });
    expect(summary.duplicates.interests).toBe(1);
    expect(await database.select("SELECT id, tag FROM interests ORDER BY id")).toEqual([
      { id: 1, tag: "elm" },
      { id: 3, tag: "go" },
    ]);
  });

  it("is not stopped by orphan rows in tables it does not write", async () => {
    // Foreign keys off for this one insert: PRAGMA on SQLite, the replica role (which skips their triggers) on PostgreSQL.
    const orphan = `INSERT INTO neighbours (run_id, user_handle, rank, neighbour_handle, score) VALUES (999, 1, 1, 2, 0.5)`;
    await database.exec(dialect === "sqlite" ? `PRAGMA foreign_keys = OFF; ${orphan}` : `SET session_replication_role = replica; ${orphan}`);
    const summary = await seedDatabase({ dir: good, url: database.url });
    expect(summary.stored.users).toBe(4);
  });

  /**
   * Whether a seed has written rows into its open transaction: on SQLite its write-ahead log holds them (the log of
   * the seed before was checkpointed away when it closed); on PostgreSQL its connection has run a COPY.
   */
  async function hasWrittenRows(): Promise<boolean> {
    if (dialect === "postgresql") {
      const copying = await database.select(
        `SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND query LIKE 'COPY %'`,
      );
      return copying.length > 0;
    }
    const wal = `${databasePath(database.url)}-wal`;
    return existsSync(wal) && statSync(wal).size > 1 << 20;
  }

  it("leaves the previous rows untouched when the last batch of the last file has an invalid row", async () => {
    await seedDatabase({ dir: good, url: database.url });
    const before = await snapshot();
    // Batches of two rows: rows 1-4 of the views (the last file read) are written in two batches, row 5 is invalid.
    const view = (handle: number) => `${handle},"2017-06-27","intro-to-python",875,"Beginner",60\n`;
    const folder = folders.folder({
      "user_course_views.csv": `"user_handle","view_date","course_id","author_handle","level","view_time_seconds"\n${[1, 3, 1, 3, 0].map(view).join("")}`,
    });
    const written: number[] = [];
    const error = await seedDatabase({
      dir: folder,
      url: database.url,
      batchRows: 2,
      onProgress: (p) => {
        if (p.phase === "read" && p.fileName === "user_course_views.csv") written.push(p.rows);
      },
    }).catch((e: unknown) => e);
    expect(written).toEqual([2, 4]);
    expect((error as ImportError).lines).toEqual([
      `user_course_views.csv:6: user_handle: not a positive integer (got "0")`,
      `1 invalid row; nothing was imported (--skip-invalid imports the valid rows)`,
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it("collapses exact repeats that fall in different batches", async () => {
    const folder = folders.folder({
      "user_interests.csv": `"user_handle","interest_tag","date_followed"\n9,"elm","2017-06-27 16:26:52"\n9,"go","2017-06-28 10:00:00"\n9,"elm","2017-06-27 16:26:52"\n`,
    });
    const summary = await seedDatabase({ dir: folder, url: database.url, batchRows: 1 });
    expect(summary.duplicates.interests).toBe(1);
    expect(await database.select("SELECT id, tag FROM interests ORDER BY id")).toEqual([
      { id: 1, tag: "elm" },
      { id: 2, tag: "go" },
    ]);
  });

  // The write checks no foreign key (SQLite) or re-adds them (PostgreSQL): parents come from the batches written.
  it("writes in batches of one row what it writes in one batch, every row with its parent", async () => {
    await seedDatabase({ dir: good, url: database.url });
    const whole = await snapshot();
    await seedDatabase({ dir: good, url: database.url, batchRows: 1 });
    if (dialect === "sqlite") expect(await database.select("PRAGMA foreign_key_check")).toEqual([]);
    expect(await snapshot()).toEqual(whole);
    expect(whole.users).toHaveLength(4);
  });

  // Ctrl-C, and a kill the process cannot catch, once it has written rows into its transaction.
  it.each(["SIGINT", "SIGKILL"] as const)("leaves the previous rows untouched when the process gets %s while writing", async (signal) => {
    await seedDatabase({ dir: good, url: database.url });
    const before = await snapshot();
    const child = spawn(process.execPath, ["--import", "tsx", "src/seed.ts", "--dir", "seeds"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: database.url },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for (;;) {
      if (child.exitCode !== null) throw new Error("the seed finished before it could be interrupted");
      if ((await isWriting()) && (await hasWrittenRows())) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill(signal);
    expect(await exited).toBe(null);
    expect(await snapshot()).toEqual(before);
  });
});
