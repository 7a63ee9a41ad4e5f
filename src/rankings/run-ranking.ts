import type Database from "better-sqlite3";
import { loadProfileArrays } from "../profiles/load-profiles.js";
import { rankAllUsers } from "../similarity/rank-all-users.js";
import { engineInput } from "./engine-input.js";
import type { RunParameters } from "./run-parameters.js";
import { completeRun, failRun, type RunTimings, startRun } from "./save-run.js";

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
  db: Database.Database,
  options: RankingOptions,
  now: () => number = Date.now,
): Promise<RankingSummary> {
  const { name, keep, onProgress, ...parameters } = options;
  const runId = startRun(db, name, parameters, new Date(now()));
  try {
    let started = now();
    onProgress?.("load", 0, 1);
    const profiles = await loadProfileArrays(db, { idf: parameters.idf });
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
    const { rowCount, writeMs } = completeRun(db, runId, name, profiles.handles, lists, keep, { loadMs, computeMs }, now);
    return { runId, userCount, rowCount, accumulations: lists.accumulations, timings: { loadMs, computeMs, writeMs } };
  } catch (error) {
    failRun(db, runId, error instanceof Error ? error.message : String(error), new Date(now()));
    throw error;
  }
}
