/**
 * How complete an approximate run's lists are: recall@k against the exact lists of a seeded random sample of users,
 * each computed by the exact engine's single-user query against the full index (rank-users.ts `queryUsers`).
 *
 * recall@k of user u = (neighbours in the run's top k that are in u's exact top k, or score exactly the exact k-th
 * score: ties at the k-th score count either way) / (size of the exact top k, which is below k only when u has
 * fewer neighbours), averaged over the sampled users with at least one neighbour.
 */
import { queryUsers } from "./rank-users.js";
import type { EngineInput, NeighbourLists, UserIndex } from "./types.js";

export interface Recall {
  at5: number;
  at20: number;
  /** Users sampled. */
  sample: number;
  /** Of them, those with at least one neighbour: the users averaged over (a user without any has nothing to find). */
  counted: number;
}

/** `size` distinct users of 0..userCount-1 (all of them when size ≥ userCount), ascending, drawn with a seeded
 *  generator (mulberry32), so the same seed picks the same users. */
export function sampleUsers(userCount: number, size: number, seed: number): Uint32Array {
  if (size >= userCount) return Uint32Array.from({ length: userCount }, (_, u) => u);
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const picked = new Set<number>();
  while (picked.size < size) picked.add(Math.floor(random() * userCount));
  return Uint32Array.from([...picked].sort((a, b) => a - b));
}

/** recall@k of one user: row `exactRow` of `exact` against row `runRow` of `run` (see the top of this file); NaN
 *  when the user has no neighbour. */
export function userRecall(exact: NeighbourLists, exactRow: number, run: NeighbourLists, runRow: number, k: number): number {
  const want = Math.min(k, exact.count[exactRow]);
  if (want === 0) return NaN;
  const truth = new Set<number>();
  for (let r = 0; r < want; r++) truth.add(exact.neighbour[exactRow * exact.k + r]);
  const kth = exact.score[exactRow * exact.k + want - 1];
  let found = 0;
  const got = Math.min(k, run.count[runRow]);
  for (let r = 0; r < got; r++) {
    const slot = runRow * run.k + r;
    if (truth.has(run.neighbour[slot]) || run.score[slot] === kth) found++;
  }
  return Math.min(found, want) / want;
}

/** recall@5 and recall@20 of `run` (row i = user i, k ≥ 20) over `sample` users drawn with `seed`. */
export function measureRecall(input: EngineInput, run: NeighbourLists, sample: number, seed: number): Recall {
  if (run.k < 20) throw new RangeError(`the run's lists must hold at least 20 neighbours for recall@20, got k = ${run.k}`);
  if (run.count.length !== input.userCount) {
    throw new RangeError(`the run must list every user: ${run.count.length} rows for ${input.userCount} users`);
  }
  const users = sampleUsers(input.userCount, sample, seed);
  const exact = queryUsers(input, 20, users);
  return recallOf(exact, users, run);
}

/** The averages over rows of `exact` (row r = user users[r]) against `run` (row i = user i). */
export function recallOf(exact: NeighbourLists, users: ArrayLike<UserIndex>, run: NeighbourLists): Recall {
  let at5 = 0;
  let at20 = 0;
  let counted = 0;
  for (let r = 0; r < users.length; r++) {
    if (exact.count[r] === 0) continue;
    counted++;
    at5 += userRecall(exact, r, run, users[r], 5);
    at20 += userRecall(exact, r, run, users[r], 20);
  }
  return { at5: counted ? at5 / counted : NaN, at20: counted ? at20 / counted : NaN, sample: users.length, counted };
}
