import type Database from "better-sqlite3";
import type { NeighbourLists } from "../similarity/types.js";
import { neighbourColumns } from "./neighbour-reader.js";
import { type RunParameters, engineVersion } from "./run-parameters.js";

/** Timings of one run, in milliseconds. */
export interface RunTimings {
  loadMs: number;
  computeMs: number;
  writeMs: number;
}

// A run's life: startRun inserts it as "running" (visible in the history, never served); completeRun writes every
// neighbour row, marks the run complete and prunes old runs in ONE transaction, so the served run switches
// atomically and a failure or kill mid-write rolls back to the previous run. failRun records an error. A process
// killed outside the transaction leaves a "running" row, which the next run of that name marks failed.

/** Marks runs of `name` left "running" by a killed process as failed, then inserts a new running run; its id. */
export function startRun(db: Database.Database, name: string, parameters: RunParameters, startedAt: Date): number {
  return db.transaction(() => {
    failRunningRuns(db, name, `interrupted: still running when run ${startedAt.toISOString()} started`);
    const info = db
      .prepare(
        `INSERT INTO ranking_runs (name, status, started_at, engine_version, parameters)
         VALUES (?, 'running', ?, ?, ?)`,
      )
      .run(name, isoForPrisma(startedAt), engineVersion, JSON.stringify(parameters));
    return Number(info.lastInsertRowid);
  })();
}

// Multi-row INSERTs: fewer statement executions per row (about 2x faster than one row per statement here).
const rowsPerInsert = 64;
const columns = ["run_id", ...neighbourColumns];
const insertRows = (rows: number) =>
  `INSERT INTO neighbours (${columns.join(", ")}) VALUES ${Array(rows).fill(`(${columns.map(() => "?").join(", ")})`).join(", ")}`;

/**
 * Writes the neighbour lists of run `runId`, named `name` (handles[i] is user index i), marks it complete and keeps
 * only the newest `keep` runs of the name. All or nothing. Returns the rows written and the time it took, as stored.
 */
export function completeRun(
  db: Database.Database,
  runId: number,
  name: string,
  handles: Int32Array,
  lists: NeighbourLists,
  keep: number,
  timings: Omit<RunTimings, "writeMs">,
  now: () => number,
): { rowCount: number; writeMs: number } {
  const started = now();
  const sourceCount = lists.perSource.length / lists.neighbour.length;
  const many = db.prepare(insertRows(rowsPerInsert));
  const one = db.prepare(insertRows(1));
  const batch: (number | null)[] = [];
  let rowCount = 0;
  return db.transaction(() => {
    for (let i = 0; i < handles.length; i++) {
      for (let r = 0; r < lists.count[i]; r++) {
        const slot = i * lists.k + r;
        batch.push(runId, handles[i], r + 1, handles[lists.neighbour[slot]], lists.score[slot]);
        for (let s = 0; s < sourceCount; s++) {
          const j = lists.perSource[slot * sourceCount + s];
          batch.push(Number.isNaN(j) ? null : j);
        }
        if (++rowCount % rowsPerInsert === 0) {
          many.run(batch);
          batch.length = 0;
        }
      }
    }
    for (let at = 0; at < batch.length; at += columns.length) one.run(batch.slice(at, at + columns.length));
    const writeMs = now() - started;
    db.prepare(
      `UPDATE ranking_runs SET status = 'complete', finished_at = ?, user_count = ?, row_count = ?,
         load_ms = ?, compute_ms = ?, write_ms = ? WHERE id = ?`,
    ).run(isoForPrisma(new Date(now())), handles.length, rowCount, timings.loadMs, timings.computeMs, writeMs, runId);
    db.prepare(
      `DELETE FROM ranking_runs WHERE name = ? AND id NOT IN
         (SELECT id FROM ranking_runs WHERE name = ? ORDER BY id DESC LIMIT ?)`,
    ).run(name, name, keep);
    return { rowCount, writeMs };
  })();
}

/** Marks every run of `name` still "running" as failed, with `error` saying why (the process stopped or died). */
export function failRunningRuns(db: Database.Database, name: string, error: string): void {
  db.prepare(`UPDATE ranking_runs SET status = 'failed', error = ? WHERE name = ? AND status = 'running'`).run(error, name);
}

/** Records why a run failed; its neighbour rows were never committed. */
export function failRun(db: Database.Database, runId: number, error: string, at: Date): void {
  db.prepare(`UPDATE ranking_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`).run(
    isoForPrisma(at),
    error,
    runId,
  );
}

/** DateTime text exactly as Prisma's SQLite adapter writes it, so Prisma reads these rows back as Dates. */
function isoForPrisma(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
