import type { RankingStore, ServedRun } from "../rankings/ranking-store.js";

/**
 * The run the API serves, looked up at most once per `refreshMs` rather than once per request: a request on the hot
 * path pays no query for it, and a newly completed run is served within `refreshMs` without a restart. Concurrent
 * callers during a refresh share one query. On PostgreSQL a completed run is also announced (run-notifications.ts),
 * and refreshNow() serves it at once; the polling stays, bounding staleness while that announcement cannot arrive.
 */
export class ServedRunCache {
  private run: ServedRun | null = null;
  private checkedAt = -Infinity;
  private pending: Promise<ServedRun | null> | null = null;
  /** Set when a run completed after the pending refresh may already have read: that refresh reads again. */
  private changed = false;

  constructor(
    private readonly rankings: RankingStore,
    /** The ranking name served (RESULTS_TABLE). */
    readonly name: string,
    /** How stale the answer may be, in milliseconds; 0 checks on every call. */
    private readonly refreshMs: number,
  ) {}

  current(): Promise<ServedRun | null> {
    if (performance.now() - this.checkedAt < this.refreshMs) return Promise.resolve(this.run);
    return (this.pending ??= this.refresh());
  }

  /** A run of this name completed (or may have): reads the served run now, so the next request is served it. */
  refreshNow(): void {
    this.changed = true;
    this.checkedAt = -Infinity;
    // A failed read leaves checkedAt stale, so the next request reads again and meets the error itself.
    (this.pending ??= this.refresh()).catch(() => {});
  }

  private async refresh(): Promise<ServedRun | null> {
    try {
      let run: ServedRun | null;
      do {
        this.changed = false;
        run = await this.rankings.servedRun(this.name);
      } while (this.changed);
      this.run = run;
      this.checkedAt = performance.now();
      return run;
    } finally {
      this.pending = null;
    }
  }
}
