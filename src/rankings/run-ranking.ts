import { loadProfileArrays } from "../profiles/load-profiles.js";
import type { SqlRunner } from "../profiles/source-rows.js";
import { type ApproximateResult, approximateAllUsers, descentParams } from "../similarity/approximate.js";
import { exactAccumulations } from "../similarity/exact-work.js";
import type { NnDescentParams } from "../similarity/nn-descent.js";
import { rankAllUsers } from "../similarity/rank-all-users.js";
import { measureRecall } from "../similarity/recall.js";
import type { EngineInput, NeighbourLists } from "../similarity/types.js";
import { engineInput } from "./engine-input.js";
import { completeAbsorbing, eventsBeforeLoad, type LiveStores } from "./live-ranking.js";
import { type RankingStore, rowTotal, type RunRecall, type RunTimings } from "./ranking-store.js";
import type { MethodChoice, RankingMethod, RunParameters } from "./run-parameters.js";

/** Where a run reads the profiles from and stores its result. */
export interface RankingStores {
  profiles: SqlRunner;
  rankings: RankingStore;
  /** The event store, when the database has one: events committed while the run computes are absorbed into it. */
  live?: LiveStores | null;
}

/**
 * Where `auto` stops choosing the exact engine: its predicted accumulations (exactAccumulations, known before any
 * pair is touched). Measured on the synthetic sets (docs/DESIGN.md, load 5-9): at 100k users, 1.06 × 10¹⁰
 * accumulations, the exact compute took 20.7 s and the approximate method 28.2 s; the exact work grows as N² and the
 * approximate about as N, so they cross near 1.4× the users, about 2 × 10¹⁰. Below it exact is both faster and
 * complete; the seeded 10k users (1.6 × 10⁸) are far below.
 */
export const exactUpTo = 2e10;

/** Users whose exact lists an approximate run's recall is measured against, unless --recall-sample says otherwise. */
export const defaultRecallSample = 1000;

export interface RankingOptions extends Omit<RunParameters, "method" | "approximate" | "queued"> {
  /** The results table name the run is stored (and served) under. */
  name: string;
  /** How many runs of this name to keep, this one included. */
  keep: number;
  /** exact, approximate, or auto (exact up to `exactUpTo` predicted accumulations). Default auto. */
  method?: MethodChoice;
  /** The auto switch point; default exactUpTo (tests lower it). */
  exactUpTo?: number;
  /** NN-Descent settings of an approximate run; defaults for those left out (nn-descent.ts DEFAULT_PARAMS). */
  approximate?: Partial<NnDescentParams>;
  /** Users sampled for an approximate run's recall; 0 measures none. Default 1000. Needs top ≥ 20. */
  recallSample?: number;
  /** compute: users paired (exact); descent: iterations done (approximate); write: rows stored. */
  onProgress?(phase: "load" | "compute" | "descent" | "recall" | "write", done: number, total: number): void;
}

export interface RankingSummary {
  runId: number;
  userCount: number;
  rowCount: number;
  /** Inverted-list entries the engine visited: the size of the work (exact runs). */
  accumulations: number;
  timings: RunTimings;
}

export interface MethodSummary {
  method: RankingMethod;
  /** The exact engine's predicted accumulations, which `auto` decides on. */
  predicted: number;
  /** An approximate run's recall, null for exact (or with recall turned off). */
  recall: RunRecall | null;
  /** Pairs an approximate run scored. */
  pairsScored: number | null;
  /** An approximate run's engine memories (each at most 4 GiB), null for exact. */
  memoryBytes: ApproximateResult["memoryBytes"] | null;
}

/**
 * One ranking run: load every active user's profile, rank them all by the chosen method, store the top K of each as
 * a complete run. The previous run of the same name stays served until this one commits; on failure the run is
 * marked failed.
 */
export async function runRanking(
  { profiles: profileStore, rankings, live }: RankingStores,
  options: RankingOptions,
  now: () => number = Date.now,
): Promise<RankingSummary & MethodSummary> {
  const { name, keep, onProgress, method: choice = "auto", approximate, recallSample = defaultRecallSample, ...parameters } = options;
  const stored: RunParameters = { top: parameters.top, weights: parameters.weights, idf: parameters.idf, workers: parameters.workers };
  const runId = await rankings.startRun(name, stored, new Date(now()));
  try {
    let started = now();
    onProgress?.("load", 0, 1);
    const eventsAtLoad = await eventsBeforeLoad(live);
    const profiles = await loadProfileArrays(profileStore, { idf: parameters.idf });
    const loadMs = now() - started;

    started = now();
    const input = engineInput(profiles, parameters.weights);
    const predicted = exactAccumulations(input);
    const method: RankingMethod = choice === "auto" ? (predicted <= (options.exactUpTo ?? exactUpTo) ? "exact" : "approximate") : choice;
    const found = method === "exact"
      ? { lists: await rankAllUsers(input, parameters.top, {
          workers: parameters.workers,
          onProgress: (done, total) => onProgress?.("compute", done, total),
        }), params: undefined, pairsScored: null, memoryBytes: null }
      : await approximateLists(input, parameters.top, parameters.workers, approximate ?? {}, onProgress);
    const { lists } = found;
    let recall: RunRecall | null = null;
    if (found.params && recallSample > 0 && parameters.top >= 20) {
      onProgress?.("recall", 0, 1);
      const { at5, at20, sample } = measureRecall(input, lists, recallSample, found.params.seed);
      recall = { at5, at20, sample };
    }
    const computeMs = now() - started;

    onProgress?.("write", 0, rowTotal(lists));
    const { rowCount, writeMs, userCount } = await completeAbsorbing(
      { rankings, live },
      {
        runId,
        name,
        parameters: { ...stored, method, ...(found.params ? { approximate: found.params } : {}) },
        recall,
        handles: profiles.handles,
        lists,
        keep,
        timings: { loadMs, computeMs },
        onProgress: (written, total) => onProgress?.("write", written, total),
      },
      profiles,
      eventsAtLoad,
      now,
    );
    return {
      runId, userCount, rowCount, accumulations: lists.accumulations,
      timings: { loadMs, computeMs, writeMs },
      method, predicted, recall, pairsScored: found.pairsScored, memoryBytes: found.memoryBytes,
    };
  } catch (error) {
    await rankings.failRun(runId, error instanceof Error ? error.message : String(error), new Date(now()));
    throw error;
  }
}

/** NN-Descent on `workers` threads; progress counts iterations (a run may converge before the last). */
async function approximateLists(
  input: EngineInput, top: number, workers: number, settings: Partial<NnDescentParams>, onProgress: RankingOptions["onProgress"],
): Promise<{ lists: NeighbourLists; params: NnDescentParams; pairsScored: number; memoryBytes: ApproximateResult["memoryBytes"] }> {
  const { iterations } = descentParams(top, settings);
  const { lists, params, stats, memoryBytes } = await approximateAllUsers(input, top, {
    ...settings,
    workers,
    onIteration: (iteration) => onProgress?.("descent", iteration + 1, iterations),
  });
  return { lists, params, pairsScored: stats.pairsScored, memoryBytes };
}
