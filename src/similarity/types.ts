/** The engine's input and output: typed arrays only, so they can live in shared memory and cross threads. */

/** Dense index of an active user, 0..userCount-1, in ascending handle order (so "smaller handle" = smaller index).
 *  Not a handle. */
export type UserIndex = number;

/** Dense index of a tag within one source, 0..tagCount-1. Not a tag name; each source numbers its own tags. */
export type TagId = number;

/** One source's weighted tag sets, CSR layout: user i owns tagIds[offsets[i]..offsets[i+1]), strictly ascending,
 *  with weights[j] > 0 and finite. offsets.length = userCount + 1. tagIds < tagCount. */
export interface WeightedSets {
  offsets: Uint32Array;
  tagIds: Uint32Array;
  weights: Float64Array;
  tagCount: number;
}

/** Everything the engine ranks: one WeightedSets per source and its weight α in the score (same order). */
export interface EngineInput {
  userCount: number;
  sources: readonly WeightedSets[];
  alphas: readonly number[];
}

/** For each user i: count[i] neighbours (≤ k), at neighbour[i*k + r], score[i*k + r] (S in (0, 1]) and per-source J
 *  at perSource[(i*k + r) * S + s], NaN where J_s is undefined for the pair. r = 0 is the best. Slots past count[i]
 *  hold neighbour -1, score 0 and perSource NaN. */
export interface NeighbourLists {
  k: number;
  count: Uint32Array;
  neighbour: Int32Array;
  score: Float64Array;
  perSource: Float64Array;
  /** Work done: inverted-list entries visited (each adds one min(w_a, w_b) to an accumulator). */
  accumulations: number;
}
