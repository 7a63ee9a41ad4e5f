import type { Stores } from "../db.js";
import type { EventRecorder } from "../events/activity-event.js";
import type { RankingStore, ServedRun } from "../rankings/ranking-store.js";
import type { ApiLimits } from "./limits.js";
import { createLoaders, type Loaders } from "./loaders.js";
import { neighbourBatches } from "./neighbour-batches.js";
import type { ServedRunCache } from "./served-run-cache.js";
import type { UserStore } from "./user-store.js";

/** What every resolver and REST handler of one request sees. */
export interface Context {
  users: UserStore;
  rankings: RankingStore;
  /** The served run as of the start of the request: one request never mixes two runs. Null when none is complete. */
  run: ServedRun | null;
  /** The ranking name served (RESULTS_TABLE), for error messages and the run history. */
  resultsTable: string;
  limits: ApiLimits;
  loaders: Loaders;
  /** Date.now() after which the request is cut off (REQUEST_TIMEOUT_MS after the context was made; timeout.ts). */
  deadline: number;
  /** Where the mutations record events and the subscription hears of changed lists; null where live updates are not
   *  available (PostgreSQL for now), and both then answer LIVE_UPDATES_UNAVAILABLE. */
  events: EventRecorder | null;
}

export interface ContextDeps {
  stores: Stores;
  servedRuns: ServedRunCache;
  limits: ApiLimits;
  events: EventRecorder | null;
}

/** The per-request context function: the cached served run plus a fresh set of loaders (and the shared one). */
export function contextFactory({ stores, servedRuns, limits, events }: ContextDeps): () => Promise<Context> {
  const neighbours = neighbourBatches(stores.rankings);
  return async () => {
    const run = await servedRuns.current();
    const { users, rankings } = stores;
    const deadline = Date.now() + limits.requestTimeoutMs;
    return { users, rankings, run, resultsTable: servedRuns.name, limits, loaders: createLoaders(stores, run, neighbours), deadline, events };
  };
}
