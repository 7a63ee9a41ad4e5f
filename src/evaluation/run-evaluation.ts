/**
 * Scores one setting (or a baseline) on one task: rank everyone on the visible data, let each evaluated user's top-k
 * neighbours vote for items with their scores, and compare the top 10 with the hidden items.
 */
import { profileArraysFromRows } from "../profiles/load-profiles.js";
import { engineInput } from "../rankings/engine-input.js";
import { Random } from "../synth/random.js";
import { rankAllUsers } from "../similarity/rank-all-users.js";
import type { NeighbourLists } from "../similarity/types.js";
import { MeanMetrics, type Metrics, metricsAt } from "./metrics.js";
import { popularityOrder, predictFromVotes, predictPopular, type Vote } from "./predict.js";
import { type Setting, weightRows } from "./settings.js";
import type { Task, TaskName } from "./tasks.js";

/** Metrics are taken over the top N predictions. */
export const TOP_N = 10;

export interface ResultRow {
  task: TaskName;
  method: string;
  /** Neighbours voting; null for the popularity baseline. */
  k: number | null;
  users: number;
  metrics: Metrics;
  /** Standard error of metrics.ndcg over the users. */
  ndcgSE: number;
  /** Inverted-list entries the engine visited for this ranking (0 for baselines). */
  accumulations: number;
}

const none: ReadonlySet<string> = new Set();

/** One ResultRow per k, from one ranking with the largest k (a top-5 list is the head of the top-20 list). */
export async function evaluateSetting(task: Task, setting: Setting, ks: readonly number[], workers: number): Promise<ResultRow[]> {
  const arrays = profileArraysFromRows(task.rows.map((rows) => weightRows(rows, setting.weighting)));
  const lists = await rankAllUsers(engineInput(arrays, setting.alphas), Math.max(...ks), { workers });
  const indexOf = new Map<number, number>();
  arrays.handles.forEach((h, i) => indexOf.set(h, i));
  return ks.map((k) => ({
    ...scoreVotes(task, (handle) => neighbourVotes(task, lists, arrays.handles, indexOf.get(handle), k)),
    task: task.name,
    method: setting.label,
    k,
    accumulations: lists.accumulations,
  }));
}

/** k users drawn uniformly (without the user) from everyone with data in any source, each vote weighing 1. */
export function evaluateRandom(task: Task, ks: readonly number[], seed: number): ResultRow[] {
  const pool = [...new Set(task.rows.flatMap((rows) => rows.map((r) => r.handle)))].sort((a, b) => a - b);
  return ks.map((k) => {
    const random = new Random(seed);
    return {
      ...scoreVotes(task, (handle) => {
        const chosen = new Set<number>();
        while (chosen.size < Math.min(k, pool.length - 1)) {
          const other = pool[random.int(pool.length)];
          if (other !== handle) chosen.add(other);
        }
        return [...chosen].map((other) => ({ items: task.items.get(other), weight: 1 }));
      }),
      task: task.name,
      method: "random neighbours",
      k,
      accumulations: 0,
    };
  });
}

/** The items most users have (in the visible data) that the user does not. */
export function evaluatePopular(task: Task): ResultRow {
  const order = popularityOrder(task.items);
  const mean = new MeanMetrics();
  for (const [handle, hidden] of task.hidden) mean.add(metricsAt(predictPopular(order, task.items.get(handle) ?? none, TOP_N), hidden, TOP_N));
  return {
    task: task.name,
    method: task.name === "interests" ? "most followed tags" : "most viewed courses",
    k: null,
    users: mean.users,
    metrics: mean.mean(),
    ndcgSE: mean.ndcgStandardError(),
    accumulations: 0,
  };
}

function neighbourVotes(task: Task, lists: NeighbourLists, handles: Int32Array, i: number | undefined, k: number): Vote[] {
  if (i === undefined) return [];
  const votes: Vote[] = [];
  const at = i * lists.k;
  for (let r = 0; r < Math.min(k, lists.count[i]); r++) {
    votes.push({ items: task.items.get(handles[lists.neighbour[at + r]]), weight: lists.score[at + r] });
  }
  return votes;
}

function scoreVotes(task: Task, votesOf: (handle: number) => Vote[]): { users: number; metrics: Metrics; ndcgSE: number } {
  const mean = new MeanMetrics();
  for (const [handle, hidden] of task.hidden) {
    mean.add(metricsAt(predictFromVotes(votesOf(handle), task.items.get(handle) ?? none, TOP_N), hidden, TOP_N));
  }
  return { users: mean.users, metrics: mean.mean(), ndcgSE: mean.ndcgStandardError() };
}
