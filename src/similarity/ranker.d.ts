/** Types for ranker.js (plain JavaScript so worker threads need no TypeScript loader). */
import type { Arena } from "./arena.js";
import type { PreparedInput } from "./prepared-input.js";
import type { TopKHeaps } from "./top-k.js";
import type { NeighbourLists, UserIndex } from "./types.js";

/** One thread's arrays in the arena, where the kernels reach them; see allocateScratch in ranker.js. */
export interface RankerScratch {
  acc: Float64Array[];
  touched: Int32Array;
  ceilings: Int32Array;
  byTag: Float64Array[];
}

/** Scratch for one Ranker, in the arena that holds `input`. */
export function allocateScratch(input: PreparedInput, arena: Arena): RankerScratch;

/** One thread's queries; see ranker.js for the algorithm. */
export class Ranker {
  /** `bounds`: per user, a lower bound on the k-th best score shared by the threads that split the pairs, in the
   *  arena, filled with -1 to start. */
  constructor(input: PreparedInput, scratch: RankerScratch, bounds: Int32Array);
  /** Inverted-list entries visited so far by this ranker. */
  accumulations: number;
  /** Offers every pair (u, v > u) to heaps u and v (heaps indexed by user). */
  pairsFrom(u: UserIndex, heaps: TopKHeaps): void;
  /** Offers every pair (u, v ≠ u) to heap `owner` only. */
  query(u: UserIndex, heaps: TopKHeaps, owner: number): void;
  /** Per-source J for the neighbours already in row `row` of `out`; NaN where J_s is undefined. */
  fillPerSource(u: UserIndex, out: NeighbourLists, row: number): void;
}

/** Row `row` of `out` (in the arena) from owner u's entries in every set of heaps (`heapSets`: their `at`), best
 *  first; empties them; returns the count. */
export function mergeInto(
  u: UserIndex,
  heapSets: Uint32Array,
  merged: TopKHeaps,
  out: NeighbourLists,
  row: number,
): number;
