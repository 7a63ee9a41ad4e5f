import type pg from "pg";
import type { Handle } from "../domain/handle.js";
import { copyIn, copyValue, inTransaction } from "../postgres.js";
import {
  type CompletedRun,
  completion,
  eventColumns,
  interruptedBy,
  neighbourColumns,
  groupByUser,
  progressRows,
  rowTotal,
  neighbourRow,
  type NeighbourRow,
  type RankingStore,
  type RawNeighbour,
  runColumns,
  type RunRecord,
  runRecord,
  type RunRow,
  type ServedRun,
  servedRun,
} from "./ranking-store.js";
import { runCompletedPayload, runsChannel } from "./run-notifications.js";
import { engineVersion, type RunParameters } from "./run-parameters.js";

/** Rows per page of allNeighbours: the export reads a run in pages of this many rows, by (user, rank). */
const pageRows = 10_000;

/** The PostgreSQL statements, apart from the code that runs them. Handles arrive as one bigint[] parameter. */
const sql = {
  servedRun: `SELECT ${runColumns} FROM ranking_runs WHERE name = $1 AND status = 'complete' ORDER BY id DESC LIMIT 1`,
  runs: `SELECT ${runColumns} FROM ranking_runs WHERE name = $1 ORDER BY id DESC LIMIT $2`,
  neighbours: `SELECT ${neighbourColumns.join(", ")} FROM neighbours
    WHERE run_id = $1 AND user_handle = ANY($2::bigint[]) AND rank <= $3 ORDER BY user_handle, rank`,
  // Keyset pages over the primary key (run_id, user_handle, rank): each page one index range, however deep.
  neighboursAfter: `SELECT ${neighbourColumns.join(", ")} FROM neighbours
    WHERE run_id = $1 AND (user_handle, rank) > ($2, $3) ORDER BY user_handle, rank LIMIT ${pageRows}`,
  insertRun: `INSERT INTO ranking_runs (name, status, started_at, engine_version, parameters)
    VALUES ($1, 'running', $2, $3, $4) RETURNING id`,
  copyRows: `COPY neighbours (run_id, ${neighbourColumns.join(", ")}) FROM STDIN`,
  markComplete: `UPDATE ranking_runs SET status = 'complete', finished_at = $1, user_count = $2, row_count = $3,
    load_ms = $4, compute_ms = $5, write_ms = $6, parameters = $7, recall_at5 = $8, recall_at20 = $9, recall_sample = $10,
    events_through = $11, revision = $12, last_event_at = $13 WHERE id = $14`,
  notifyComplete: `SELECT pg_notify($1, $2)`,
  // A pruned run's rows first (no foreign key cascades: the migration neighbours_for_bulk_writes says why), then the runs.
  pruneRows: `DELETE FROM neighbours WHERE run_id IN (SELECT id FROM ranking_runs WHERE name = $1 AND id NOT IN
    (SELECT id FROM ranking_runs WHERE name = $1 ORDER BY id DESC LIMIT $2))`,
  prune: `DELETE FROM ranking_runs WHERE name = $1 AND id NOT IN
    (SELECT id FROM ranking_runs WHERE name = $1 ORDER BY id DESC LIMIT $2)`,
  failRun: `UPDATE ranking_runs SET status = 'failed', finished_at = $1, error = $2 WHERE id = $3`,
  failRunning: `UPDATE ranking_runs SET status = 'failed', error = $1 WHERE name = $2 AND status = 'running'`,
};

/** Characters of COPY text per chunk handed to the stream. */
const chunkChars = 1 << 16;

/**
 * The ranking store on PostgreSQL through a pg pool: reads as named (prepared) statements with array rows; a run's
 * neighbour rows go in with COPY, and completeRun's COPY, mark-complete, notification (run-notifications.ts) and prune
 * are one transaction, so readers (MVCC) keep seeing the previous run until the commit, a failure or a killed process
 * rolls back to it, and listeners hear of the run at the commit or never.
 */
export class PostgresRankingStore implements RankingStore {
  constructor(private readonly pool: pg.Pool) {}

  private async rows<R extends unknown[]>(name: keyof typeof sql, values: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>({ name: `rankings_${name}`, text: sql[name], values, rowMode: "array" })).rows;
  }

  async servedRun(name: string): Promise<ServedRun | null> {
    const [row] = await this.rows<RunRow>("servedRun", [name]);
    return row ? servedRun(runRecord(row)) : null;
  }

  async runs(name: string, first: number): Promise<RunRecord[]> {
    return (await this.rows<RunRow>("runs", [name, first])).map(runRecord);
  }

  async neighbours(runId: number, handles: readonly Handle[], limit: number): Promise<Map<Handle, NeighbourRow[]>> {
    const rows = await this.rows<RawNeighbour>("neighbours", [runId, handles, limit]);
    return groupByUser(handles, rows);
  }

  async *allNeighbours(runId: number): AsyncIterable<NeighbourRow> {
    // Handles are positive and ranks start at 1, so (0, 0) is before the first row.
    let after: [number, number] = [0, 0];
    for (;;) {
      const rows = await this.rows<RawNeighbour>("neighboursAfter", [runId, ...after]);
      for (const row of rows) yield neighbourRow(row);
      if (rows.length < pageRows) return;
      const last = rows[rows.length - 1];
      after = [last[0], last[1]];
    }
  }

  async startRun(name: string, parameters: RunParameters, startedAt: Date): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      await client.query(sql.failRunning, [interruptedBy(startedAt), name]);
      const { rows } = await client.query<{ id: number }>(sql.insertRun, [name, startedAt.toISOString(), engineVersion, JSON.stringify(parameters)]);
      return rows[0].id;
    });
  }

  async completeRun(
    { runId, name, parameters, recall, handles, lists, keep, timings, events, onProgress }: CompletedRun,
    now: () => number,
  ): Promise<{ rowCount: number; writeMs: number }> {
    const started = now();
    const total = rowTotal(lists);
    let rowCount = 0;
    // COPY's text format; a double's String() is its shortest round-trip form, which float8in reads back exactly.
    function* chunks(): Generator<string> {
      const sourceCount = lists.perSource.length / lists.neighbour.length;
      let chunk = "";
      for (let i = 0; i < handles.length; i++) {
        for (let r = 0; r < lists.count[i]; r++) {
          const slot = i * lists.k + r;
          chunk += `${runId}\t${handles[i]}\t${r + 1}\t${handles[lists.neighbour[slot]]}\t${lists.score[slot]}`;
          for (let s = 0; s < sourceCount; s++) {
            const j = lists.perSource[slot * sourceCount + s];
            chunk += `\t${Number.isNaN(j) ? copyValue(null) : j}`;
          }
          chunk += "\n";
          if (++rowCount % progressRows === 0) onProgress?.(rowCount, total);
          if (chunk.length >= chunkChars) {
            yield chunk;
            chunk = "";
          }
        }
      }
      if (chunk.length > 0) yield chunk;
    }
    return inTransaction(this.pool, async (client) => {
      await copyIn(client, sql.copyRows, chunks());
      onProgress?.(rowCount, total);
      const writeMs = now() - started;
      const finishedAt = new Date(now()).toISOString();
      await client.query(sql.markComplete, [finishedAt, handles.length, rowCount, timings.loadMs, timings.computeMs, writeMs,
        ...completion(parameters, recall), ...eventColumns(events), runId]);
      await client.query(sql.notifyComplete, [runsChannel, runCompletedPayload({ name, id: runId })]);
      await client.query(sql.pruneRows, [name, keep]);
      await client.query(sql.prune, [name, keep]);
      return { rowCount, writeMs };
    });
  }

  async failRun(runId: number, error: string, at: Date): Promise<void> {
    await this.pool.query(sql.failRun, [at.toISOString(), error, runId]);
  }

  async failRunningRuns(name: string, error: string): Promise<void> {
    await this.pool.query(sql.failRunning, [error, name]);
  }
}
