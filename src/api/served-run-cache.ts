import type { RankingStore, ServedRun } from "../rankings/ranking-store.js";

/**
 * The run the API serves, looked up at most once per `refreshMs` rather than once per request: a request on the hot
 * path pays no query for it, and a newly completed run is served within `refreshMs` without a restart. Concurrent
 * callers during a refresh share one query.
 */
export class ServedRunCache {
  private run: ServedRun | null = null;
  private checkedAt = -Infinity;
  private pending: Promise<ServedRun | null> | null = null;

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

  private async refresh(): Promise<ServedRun | null> {
    try {
      this.run = await this.rankings.servedRun(this.name);
      this.checkedAt = performance.now();
      return this.run;
    } finally {
      this.pending = null;
    }
  }
}
