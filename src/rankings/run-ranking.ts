import { loadProfileArrays } from "../profiles/load-profiles.js";
import type { SqlRunner } from "../profiles/source-rows.js";
import { rankAllUsers } from "../similarity/rank-all-users.js";
import { engineInput } from "./engine-input.js";
import type { RankingStore, RunTimings } from "./ranking-store.js";
import type { RunParameters } from "./run-parameters.js";

/** Where a run reads the profiles from and stores its result. */
export interface RankingStores {
  profiles: SqlRunner;
  rankings: RankingStore;
}

export interface RankingOptions extends RunParameters {
  /** The results table name the run is stored (and served) under. */
  name: string;
  /** How many runs of this name to keep, this one included. */
  keep: number;
  onProgress?(phase: "load" | "compute" | "write", done: number, total: number): void;
}

export interface RankingSummary {
  runId: number;
  userCount: number;
  rowCount: number;
  /** Inverted-list entries the engine visited: the size of the work. */
  accumulations: number;
  timings: RunTimings;
}

/**
 * One ranking run: load every active user's profile, rank them all, store the top K of each as a complete run.
 * The previous run of the same name stays served until this one commits; on failure the run is marked failed.
 */
export async function runRanking(
  { profiles: profileStore, rankings }: RankingStores,
  options: RankingOptions,
  now: () => number = Date.now,
): Promise<RankingSummary> {
  const { name, keep, onProgress, ...parameters } = options;
  const runId = await rankings.startRun(name, parameters, new Date(now()));
  try {
    let started = now();
    onProgress?.("load", 0, 1);
    const profiles = await loadProfileArrays(profileStore, { idf: parameters.idf });
    const loadMs = now() - started;

    started = now();
    const userCount = profiles.handles.length;
    const lists = await rankAllUsers(
      engineInput(profiles, parameters.weights),
      parameters.top,
      { workers: parameters.workers, onProgress: (done, total) => onProgress?.("compute", done, total) },
    );
    const computeMs = now() - started;

    onProgress?.("write", 0, 1);
    const { rowCount, writeMs } = await rankings.completeRun(
      { runId, name, handles: profiles.handles, lists, keep, timings: { loadMs, computeMs } },
      now,
    );
    return { runId, userCount, rowCount, accumulations: lists.accumulations, timings: { loadMs, computeMs, writeMs } };
  } catch (error) {
    await rankings.failRun(runId, error instanceof Error ? error.message : String(error), new Date(now()));
    throw error;
  }
}
