import type Database from "better-sqlite3";
import type { Handle } from "../domain/handle.js";
import { sources } from "../profiles/source.js";
import type { NeighbourLists } from "../similarity/types.js";
import { engineVersion, type RunParameters } from "./run-parameters.js";

/** A stored ranking run, whatever its status. */
export interface RunRecord {
  id: number;
  name: string;
  status: "running" | "complete" | "failed";
  startedAt: Date;
  finishedAt: Date | null;
  engineVersion: number;
  /** Null when the stored JSON is unreadable. */
  parameters: RunParameters | null;
  userCount: number;
  rowCount: number;
  loadMs: number | null;
  computeMs: number | null;
  writeMs: number | null;
  /** Why a failed run failed. */
  error: string | null;
  /** An approximate run's recall; null for an exact run (complete by construction) and before completion. */
  recall: RunRecall | null;
  events: RunEvents;
}

/** The events a run reflects: every event up to `through` (events.id) and none after it; `revision` of them arrived
 *  after its load and were absorbed by live updates (0 for a run as ranked); when the last of those was recorded. */
export interface RunEvents {
  through: number;
  revision: number;
  lastEventAt: Date | null;
}

/** recall@5 and recall@20 of a run against exact single-user queries of `sample` random users. */
export interface RunRecall {
  at5: number;
  at20: number;
  sample: number;
}

/** A complete ranking run, as the API and the commands serve it. */
export interface ServedRun {
  id: number;
  name: string;
  startedAt: Date;
  finishedAt: Date;
  engineVersion: number;
  parameters: RunParameters;
  userCount: number;
  rowCount: number;
  loadMs: number;
  computeMs: number;
  writeMs: number;
  recall: RunRecall | null;
  events: RunEvents;
}

/** One stored neighbour; per-source J is null where neither user has data in that source. */
export interface NeighbourRow {
  userHandle: Handle;
  rank: number;
  neighbourHandle: Handle;
  score: number;
  interests: number | null;
  courses: number | null;
  assessments: number | null;
}

/** Timings of one run, in milliseconds. */
export interface RunTimings {
  loadMs: number;
  computeMs: number;
  writeMs: number;
}

/** What completeRun stores: the lists of every ranked user (handles[i] is user index i), what produced them (the
 *  parameters startRun stored, completed with what was chosen while the run went: its method and settings), and how
 *  long it took. */
export interface CompletedRun {
  runId: number;
  name: string;
  parameters: RunParameters;
  recall: RunRecall | null;
  handles: Int32Array;
  lists: NeighbourLists;
  /** How many runs of the name to keep, this one included. */
  keep: number;
  timings: Omit<RunTimings, "writeMs">;
  /** The events the lists reflect (events committed while the run computed are absorbed before it completes). */
  events: RunEvents;
  /** Told the rows written so far and the run's total, every `progressRows` rows and once at the end. */
  onProgress?(rowsWritten: number, rowsTotal: number): void;
}

/** How often completeRun reports its progress, in rows. */
export const progressRows = 1 << 18;

/** The rows a run's lists hold: every user's count. */
export function rowTotal(lists: NeighbourLists): number {
  let total = 0;
  for (let i = 0; i < lists.count.length; i++) total += lists.count[i];
  return total;
}

/** What an update changes in a run's stored rows, slot by slot, by handle: the slots `written` (by user and rank)
 *  take their new neighbour, score and J per source (NaN: none), the slots `deleted` go (a list grew shorter), every
 *  other row stays; the run then ranks `userCount` users and holds `rowDelta` more rows. */
export interface RowChanges {
  userCount: number;
  rowDelta: number;
  written: { users: Int32Array; ranks: Int32Array; neighbours: Int32Array; scores: Float64Array; perSource: Float64Array };
  deleted: { users: Int32Array; ranks: Int32Array };
}

/** A served run's rows after events, and the events it then reflects. */
export interface RunUpdate extends RowChanges {
  runId: number;
  events: RunEvents;
}

// A run's life: startRun inserts it as "running" (visible in the history, never served); completeRun writes every
// neighbour row, marks the run complete and prunes old runs in ONE transaction, so the served run switches
// atomically and a failure or kill mid-write rolls back to the previous run. failRun records an error. A process
// killed outside the transaction leaves a "running" row, which the next run of that name marks failed.

/**
 * Every read and write of ranking runs and their neighbour rows. One implementation per database; each method
 * answers once its work is durable (completeRun: committed) or has failed, leaving the store as it was.
 */
export interface RankingStore {
  /** The newest complete run of `name`, or null when none has completed yet. */
  servedRun(name: string): Promise<ServedRun | null>;
  /** The newest `first` runs of `name`, newest first, whatever their status. */
  runs(name: string, first: number): Promise<RunRecord[]>;
  /** The first `limit` neighbours of each handle in the run, best first; an empty list for a handle with none. */
  neighbours(runId: number, handles: readonly Handle[], limit: number): Promise<Map<Handle, NeighbourRow[]>>;
  /** Every neighbour row of the run, by user then rank, read as they are consumed. */
  allNeighbours(runId: number): AsyncIterable<NeighbourRow>;
  /** Marks runs of `name` left "running" by a killed process as failed, then inserts a new running run; its id. */
  startRun(name: string, parameters: RunParameters, startedAt: Date): Promise<number>;
  /** Writes the run's neighbour rows, marks it complete and prunes old runs of its name; all or nothing. */
  completeRun(run: CompletedRun, now: () => number): Promise<{ rowCount: number; writeMs: number }>;
  /** Records why a run failed; its neighbour rows were never committed. */
  failRun(runId: number, error: string, at: Date): Promise<void>;
  /** Marks every run of `name` still "running" as failed, with `error` saying why (the process stopped or died). */
  failRunningRuns(name: string, error: string): Promise<void>;
}

/** Writing live updates into a served run: part of the caller's transaction (events and rows commit together). */
export interface RunUpdates {
  /** Replaces the rewritten users' rows and records the events the run now reflects. */
  updateRun(update: RunUpdate): Promise<void>;
}

/** A stored neighbour row's columns after its run id: one J column per source, named after it (the CSV export's
 *  header too). */
export const neighbourColumns = ["user_handle", "rank", "neighbour_handle", "score", ...sources];

// Multi-row INSERTs: fewer statement executions per row (the figures are in README.md, "Stores"). Past 64 rows per
// statement nothing more was measured to gain.
const rowsPerInsert = 64;
const insertColumns = ["run_id", ...neighbourColumns];
const insertRows = (rows: number) =>
  `INSERT INTO neighbours (${insertColumns.join(", ")}) VALUES ${Array(rows).fill(`(${insertColumns.map(() => "?").join(", ")})`).join(", ")}`;

export const runColumns = `id, name, status, started_at, finished_at, engine_version, parameters, user_count, row_count,
  load_ms, compute_ms, write_ms, error, recall_at5, recall_at20, recall_sample, events_through, revision, last_event_at`;

/** The SQLite statements, apart from the code that runs them. Dates are stored as ISO 8601 text (toISOString). */
const sql = {
  servedRun: `SELECT ${runColumns} FROM ranking_runs WHERE name = ? AND status = 'complete' ORDER BY id DESC LIMIT 1`,
  runs: `SELECT ${runColumns} FROM ranking_runs WHERE name = ? ORDER BY id DESC LIMIT ?`,
  neighboursOfOne: `SELECT ${neighbourColumns.join(", ")} FROM neighbours
    WHERE run_id = ? AND user_handle = ? AND rank <= ? ORDER BY rank`,
  // Any number of users in one statement whose text never changes: the handles arrive as one JSON array.
  neighboursOfMany: `SELECT ${neighbourColumns.join(", ")} FROM neighbours
    WHERE run_id = ? AND user_handle IN (SELECT value FROM json_each(?)) AND rank <= ?
    ORDER BY user_handle, rank`,
  allNeighbours: `SELECT ${neighbourColumns.join(", ")} FROM neighbours WHERE run_id = ? ORDER BY user_handle, rank`,
  insertRun: `INSERT INTO ranking_runs (name, status, started_at, engine_version, parameters) VALUES (?, 'running', ?, ?, ?)`,
  insertManyRows: insertRows(rowsPerInsert),
  insertOneRow: insertRows(1),
  markComplete: `UPDATE ranking_runs SET status = 'complete', finished_at = ?, user_count = ?, row_count = ?,
    load_ms = ?, compute_ms = ?, write_ms = ?, parameters = ?, recall_at5 = ?, recall_at20 = ?, recall_sample = ?,
    events_through = ?, revision = ?, last_event_at = ? WHERE id = ?`,
  replaceManyRows: insertRows(rowsPerInsert).replace("INSERT INTO", "INSERT OR REPLACE INTO"),
  replaceOneRow: insertRows(1).replace("INSERT INTO", "INSERT OR REPLACE INTO"),
  deleteRow: `DELETE FROM neighbours WHERE run_id = ? AND user_handle = ? AND rank = ?`,
  markUpdated: `UPDATE ranking_runs SET user_count = ?, row_count = row_count + ?,
    events_through = ?, revision = ?, last_event_at = ? WHERE id = ?`,
  // A pruned run's rows are deleted by run, each one range of the key (no foreign key cascades: the migration
  // neighbours_for_bulk_writes says why), then the runs.
  prunedRuns: `SELECT id FROM ranking_runs WHERE name = ? AND id NOT IN
    (SELECT id FROM ranking_runs WHERE name = ? ORDER BY id DESC LIMIT ?)`,
  deleteRunRows: `DELETE FROM neighbours WHERE run_id = ?`,
  deleteRun: `DELETE FROM ranking_runs WHERE id = ?`,
  failRun: `UPDATE ranking_runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`,
  failRunning: `UPDATE ranking_runs SET status = 'failed', error = ? WHERE name = ? AND status = 'running'`,
};

/** A ranking_runs row as arrays of its runColumns; dates as SQLite's ISO text or as pg's Date. */
export type RunRow = [
  id: number, name: string, status: RunRecord["status"], startedAt: string | Date, finishedAt: string | Date | null, engineVersion: number,
  parameters: string, userCount: number, rowCount: number, loadMs: number | null, computeMs: number | null,
  writeMs: number | null, error: string | null, recallAt5: number | null, recallAt20: number | null, recallSample: number | null,
  eventsThrough: number, revision: number, lastEventAt: string | Date | null,
];
export type RawNeighbour = [userHandle: number, rank: number, neighbour: number, score: number, i: number | null, c: number | null, a: number | null];

/**
 * The ranking store on SQLite through prepared better-sqlite3 statements. Rows come back as arrays (`raw`), which
 * skips building an object per row inside better-sqlite3: the neighbour read is the API's hot path. better-sqlite3
 * is synchronous, so each method does its work before its promise resolves, and completeRun's transaction runs
 * without yielding: a signal handler or another request lands before or after it, never inside.
 */
export class SqliteRankingStore implements RankingStore, RunUpdates {
  private readonly statements: { [K in keyof typeof sql]: Database.Statement<unknown[], unknown[]> };

  constructor(private readonly db: Database.Database) {
    this.statements = Object.fromEntries(
      Object.entries(sql).map(([name, text]) => [name, db.prepare<unknown[], unknown[]>(text)]),
    ) as typeof this.statements;
    for (const name of ["servedRun", "runs", "neighboursOfOne", "neighboursOfMany", "allNeighbours"] as const) {
      this.statements[name].raw(true);
    }
    this.statements.prunedRuns.pluck(true);
  }

  async servedRun(name: string): Promise<ServedRun | null> {
    const row = this.statements.servedRun.get(name) as RunRow | undefined;
    return row ? servedRun(runRecord(row)) : null;
  }

  async runs(name: string, first: number): Promise<RunRecord[]> {
    return (this.statements.runs.all(name, first) as RunRow[]).map(runRecord);
  }

  async neighbours(runId: number, handles: readonly Handle[], limit: number): Promise<Map<Handle, NeighbourRow[]>> {
    const rows = (
      handles.length === 1
        ? this.statements.neighboursOfOne.all(runId, handles[0], limit)
        : this.statements.neighboursOfMany.all(runId, JSON.stringify(handles), limit)
    ) as RawNeighbour[];
    return groupByUser(handles, rows);
  }

  async *allNeighbours(runId: number): AsyncIterable<NeighbourRow> {
    // A turn of the event loop every 65,536 rows: a server reading a whole run back (live updates) goes on answering.
    let read = 0;
    for (const row of this.statements.allNeighbours.iterate(runId) as IterableIterator<RawNeighbour>) {
      yield neighbourRow(row);
      if (++read % 65_536 === 0) await new Promise(setImmediate);
    }
  }

  async startRun(name: string, parameters: RunParameters, startedAt: Date): Promise<number> {
    return this.db.transaction(() => {
      this.statements.failRunning.run(interruptedBy(startedAt), name);
      const info = this.statements.insertRun.run(name, startedAt.toISOString(), engineVersion, JSON.stringify(parameters));
      return Number(info.lastInsertRowid);
    })();
  }

  async completeRun(
    { runId, name, parameters, recall, handles, lists, keep, timings, events, onProgress }: CompletedRun,
    now: () => number,
  ): Promise<{ rowCount: number; writeMs: number }> {
    const started = now();
    const { markComplete, prunedRuns, deleteRunRows, deleteRun } = this.statements;
    return this.db.transaction(() => {
      // Pruning first: the old runs' freed pages take the new rows (the file grows less), and writeMs counts both.
      // The new run is the name's newest, so it is among the `keep` kept.
      for (const id of prunedRuns.all(name, name, keep) as unknown as number[]) {
        deleteRunRows.run(id);
        deleteRun.run(id);
      }
      const rowCount = this.insertRows(runId, handles, lists, onProgress);
      const writeMs = now() - started;
      const finishedAt = new Date(now()).toISOString();
      markComplete.run(finishedAt, handles.length, rowCount, timings.loadMs, timings.computeMs, writeMs,
        ...completion(parameters, recall), ...eventColumns(events), runId);
      return { rowCount, writeMs };
    })();
  }

  async updateRun({ runId, userCount, rowDelta, written, deleted, events }: RunUpdate): Promise<void> {
    const { replaceManyRows, replaceOneRow, deleteRow, markUpdated } = this.statements;
    const sourceCount = written.perSource.length / Math.max(written.users.length, 1);
    this.db.transaction(() => {
      const batch = new RowBatch(replaceManyRows, replaceOneRow);
      for (let i = 0; i < written.users.length; i++) {
        batch.add(runId, written.users[i], written.ranks[i], written.neighbours[i], written.scores[i], written.perSource, i * sourceCount, sourceCount);
      }
      batch.flush();
      for (let i = 0; i < deleted.users.length; i++) deleteRow.run(runId, deleted.users[i], deleted.ranks[i]);
      markUpdated.run(userCount, rowDelta, ...eventColumns(events), runId);
    })();
  }

  /** Inserts every user's rows (handles[i] is user i; neighbours index `handles` too); returns how many rows. */
  private insertRows(runId: number, handles: Int32Array, lists: NeighbourLists, onProgress: CompletedRun["onProgress"]): number {
    const sourceCount = lists.perSource.length / Math.max(lists.neighbour.length, 1);
    const total = rowTotal(lists);
    const batch = new RowBatch(this.statements.insertManyRows, this.statements.insertOneRow);
    let rowCount = 0;
    for (let i = 0; i < handles.length; i++) {
      for (let rank = 0; rank < lists.count[i]; rank++) {
        const slot = i * lists.k + rank;
        batch.add(runId, handles[i], rank + 1, handles[lists.neighbour[slot]], lists.score[slot], lists.perSource, slot * sourceCount, sourceCount);
        if (++rowCount % progressRows === 0) onProgress?.(rowCount, total);
      }
    }
    batch.flush();
    onProgress?.(rowCount, total);
    return rowCount;
  }

  async failRun(runId: number, error: string, at: Date): Promise<void> {
    this.statements.failRun.run(at.toISOString(), error, runId);
  }

  async failRunningRuns(name: string, error: string): Promise<void> {
    this.statements.failRunning.run(error, name);
  }
}

/**
 * Neighbour rows gathered into multi-row statements of rowsPerInsert rows (`many`; the last few one by one through
 * `one`). The values go in as an argument list (`run(...values)`): better-sqlite3 binds arguments directly, where an
 * array argument costs it one V8 property lookup per value, about a third of the write's CPU (measured with perf).
 */
class RowBatch {
  private readonly values: (number | null)[] = new Array<number | null>(rowsPerInsert * insertColumns.length).fill(null);
  private rows = 0;

  constructor(
    private readonly many: Database.Statement<unknown[], unknown[]>,
    private readonly one: Database.Statement<unknown[], unknown[]>,
  ) {}

  /** One row: its run, user, rank, neighbour, score, and J per source at perSource[at..at+sourceCount) (NaN: null). */
  add(runId: number, user: number, rank: number, neighbour: number, score: number, perSource: Float64Array, at: number, sourceCount: number): void {
    const values = this.values;
    let o = this.rows * insertColumns.length;
    values[o++] = runId;
    values[o++] = user;
    values[o++] = rank;
    values[o++] = neighbour;
    values[o++] = score;
    for (let s = 0; s < sourceCount; s++) {
      const j = perSource[at + s];
      values[o++] = Number.isNaN(j) ? null : j;
    }
    if (++this.rows === rowsPerInsert) {
      this.many.run(...values);
      this.rows = 0;
    }
  }

  /** Writes the rows added since the last full statement. */
  flush(): void {
    for (let row = 0; row < this.rows; row++) this.one.run(...this.values.slice(row * insertColumns.length, (row + 1) * insertColumns.length));
    this.rows = 0;
  }
}

/** markComplete's parameters and recall columns, in order. */
export function completion(parameters: RunParameters, recall: RunRecall | null): [string, number | null, number | null, number | null] {
  return [JSON.stringify(parameters), recall?.at5 ?? null, recall?.at20 ?? null, recall?.sample ?? null];
}

/** markComplete's and markUpdated's event columns, in order. */
export function eventColumns({ through, revision, lastEventAt }: RunEvents): [number, number, string | null] {
  return [through, revision, lastEventAt?.toISOString() ?? null];
}

/** Why a run left "running" by a killed process failed, as the next run of its name records it. */
export const interruptedBy = (startedAt: Date) => `interrupted: still running when run ${startedAt.toISOString()} started`;

/** A complete run as served; null when its row lacks what serving needs (no finish time, unreadable parameters). */
export function servedRun(run: RunRecord): ServedRun | null {
  if (!run.finishedAt || !run.parameters) return null;
  return {
    id: run.id,
    name: run.name,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    engineVersion: run.engineVersion,
    parameters: run.parameters,
    userCount: run.userCount,
    rowCount: run.rowCount,
    loadMs: run.loadMs ?? 0,
    computeMs: run.computeMs ?? 0,
    writeMs: run.writeMs ?? 0,
    recall: run.recall,
    events: run.events,
  };
}

export function runRecord([id, name, status, startedAt, finishedAt, engine, parameters, userCount, rowCount, loadMs, computeMs, writeMs, error,
  recallAt5, recallAt20, recallSample, eventsThrough, revision, lastEventAt]: RunRow): RunRecord {
  return {
    id,
    name,
    status,
    startedAt: new Date(startedAt),
    finishedAt: finishedAt === null ? null : new Date(finishedAt),
    engineVersion: engine,
    parameters: parseParameters(parameters),
    userCount,
    rowCount,
    loadMs,
    computeMs,
    writeMs,
    error,
    recall: recallAt5 === null || recallAt20 === null || recallSample === null ? null : { at5: recallAt5, at20: recallAt20, sample: recallSample },
    events: { through: eventsThrough, revision, lastEventAt: lastEventAt === null ? null : new Date(lastEventAt) },
  };
}

function parseParameters(json: string): RunParameters | null {
  try {
    return JSON.parse(json) as RunParameters;
  } catch {
    return null;
  }
}

/** Each of `handles` with its rows (in the rows' order), an empty list for a user with none. */
export function groupByUser(handles: readonly Handle[], rows: readonly RawNeighbour[]): Map<Handle, NeighbourRow[]> {
  const byUser = new Map<Handle, NeighbourRow[]>(handles.map((h) => [h, []]));
  for (const row of rows) byUser.get(row[0])!.push(neighbourRow(row));
  return byUser;
}

export function neighbourRow([userHandle, rank, neighbourHandle, score, interests, courses, assessments]: RawNeighbour): NeighbourRow {
  return { userHandle, rank, neighbourHandle, score, interests, courses, assessments };
}
