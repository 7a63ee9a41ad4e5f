// A database ranked before neighbours was built for bulk writes (every migration before neighbours_for_bulk_writes)
// migrates in place: `prisma migrate deploy` rebuilds the table WITHOUT ROWID, keyed by (run_id, user_handle, rank)
// alone and without its foreign key to ranking_runs, and every row stays as it was (the NULL J included).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { deployMigrations } from "../../src/migrate.js";
import { selectAll } from "../support/database.js";
import { deployMigrationsBefore } from "../support/migrations-before.js";

const firstNew = "20261201160000_neighbours_for_bulk_writes";
const rows = [
  { run_id: 1, user_handle: 7, rank: 1, neighbour_handle: 9, score: 2 / 3, interests: 0.5, courses: null, assessments: 1 / 3 },
  { run_id: 1, user_handle: 7, rank: 2, neighbour_handle: 8, score: 0.25, interests: 0.25, courses: 0.125, assessments: null },
  { run_id: 2, user_handle: 9, rank: 1, neighbour_handle: 7, score: 2 / 3, interests: 0.5, courses: null, assessments: 1 / 3 },
];

let dir: string;
let url: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kindred-without-rowid-"));
  url = `file:${path.join(dir, "old.db")}`;
  deployMigrationsBefore(firstNew, dir, url);
  const db = openSqlite(url);
  try {
    db.exec(`INSERT INTO ranking_runs (id, name, status, started_at, engine_version, parameters) VALUES
      (1, 'user_ranking', 'complete', '2026-12-01T00:00:00.000Z', 1, '{}'), (2, 'user_ranking', 'complete', '2026-12-01T01:00:00.000Z', 1, '{}')`);
    const insert = db.prepare(`INSERT INTO neighbours VALUES (@run_id, @user_handle, @rank, @neighbour_handle, @score, @interests, @courses, @assessments)`);
    // Out of key order, so the copy's ORDER BY is what puts them in order.
    for (const row of [...rows].reverse()) insert.run(row);
  } finally {
    db.close();
  }
  deployMigrations(url);
}, 300_000); // two prisma commands on a loaded 2-core machine

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("rebuilds neighbours as a WITHOUT ROWID table with every row as it was", () => {
  const [table] = selectAll(url, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'neighbours'`) as { sql: string }[];
  expect(table.sql).toMatch(/\) WITHOUT ROWID$/);
  expect(table.sql).toContain(`PRIMARY KEY ("run_id", "user_handle", "rank")`);
  expect(selectAll(url, `SELECT * FROM neighbours ORDER BY run_id, user_handle, rank`)).toEqual(rows);
});

it("drops the foreign key to ranking_runs: the ranking store deletes a pruned run's rows itself", () => {
  expect(selectAll(url, `SELECT "table" FROM pragma_foreign_key_list('neighbours')`)).toEqual([]);
});
