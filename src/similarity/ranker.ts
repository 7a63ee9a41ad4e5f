/**
 * Exact all-pairs weighted-Jaccard neighbours: inverted-index candidate generation with per-query score
 * accumulators, the accumulate-then-score scheme of Bayardo, Ma and Srikant, "Scaling Up All Pairs Similarity
 * Search" (WWW 2007), without its similarity-threshold pruning, so every pair sharing a tag is scored exactly.
 *
 * For query user u and each source s, walk u's tags; for each tag walk its posting list, adding min(w_u, w_v) to
 * v's accumulator for s: that gives Σ min for every v sharing a tag with u in Σ_t∈u df_t steps. Users sharing no
 * tag in any source score 0 and are never neighbours, so users with a non-zero accumulator are exactly the
 * candidates. A sparse query lists each user whose accumulator leaves 0 (the sparse-set idea: weights are > 0, so 0
 * means untouched) and scores and resets only those; a dense one (at least a quarter as many entries to visit as
 * users in range, the usual case on the real data, where most pairs share a popular interest) scores the whole range
 * instead, which is cheaper than a test per entry. Both go through the same scan kernel (wasm/kernels.ts), which
 * forms each candidate's S from the accumulators and the L1 norms (Σ max = |u|₁ + |v|₁ − Σ min, see
 * weighted-jaccard.ts), drops the candidates that can make neither heap's list, and offers the rest to the bounded
 * top-K heaps (top-k.ts).
 *
 * Two passes share those loops. `pairsFrom(u)` visits only v > u (each posting list from just after u), offering
 * the pair to both users' heaps: every pair once, Σ_t df_t(df_t − 1)/2 steps in all. `query(u)` visits every v, for
 * ranking a subset of users. S(u, v) is bit-for-bit S(v, u) (Σ min adds the shared tags' minima in ascending tag
 * order from either side, the min is symmetric, and |u|₁ + |v|₁ commutes), and the heaps' order is strict, so both
 * passes, and any split of users between threads, give identical lists.
 *
 * Everything a pair goes through is a kernel working on the arena's memory in place; here are each query's set-up
 * (which kernel, which arrays), the sparse query's candidate list, and the per-source J of the kept neighbours.
 */
import type { Arena } from "./arena.js";
import type { Kernels } from "./kernels.js";
import type { PreparedInput, PreparedSource } from "./prepared-input.js";
import type { TopKHeaps } from "./top-k.js";
import type { NeighbourLists, UserIndex } from "./types.js";

/** One thread's arrays in the arena, where the kernels reach them; see allocateScratch. */
export interface RankerScratch {
  /** Per source, Σ min per user: all zero between queries. */
  acc: Float64Array[];
  /** The users a sparse query touched, once per source they were touched in. */
  touched: Int32Array;
  /** A sparse query's candidates, each user once. */
  candidates: Int32Array;
  /** 2³¹ − 1 per user, above any score: the bounds a query of one user passes (it has no other end to respect). */
  ceilings: Int32Array;
  /** Per source, an array by tag for fillPerSource: all zero between calls. */
  byTag: Float64Array[];
}

/** Scratch for one Ranker, in the arena that holds `input`. */
export function allocateScratch(input: PreparedInput, arena: Arena): RankerScratch {
  const n = input.userCount;
  return {
    acc: input.sources.map(() => arena.alloc(Float64Array, n)),
    touched: arena.alloc(Int32Array, n * input.sources.length),
    candidates: arena.alloc(Int32Array, n),
    ceilings: arena.alloc(Int32Array, n).fill(0x7fffffff),
    byTag: input.sources.map(({ sets }) => arena.alloc(Float64Array, sets.tagCount)),
  };
}

/** The share of a range's users a query must visit posting entries for to score the whole range: a quarter
 *  measured best of 1, ½, ¼, 1/10 and 1/30 (README, "Touched list or range scan"). */
const DENSE_SHARE = 0.25;

export class Ranker {
  /** Inverted-list entries visited so far: the size of the work. */
  accumulations = 0;
  private readonly sources: PreparedSource[];
  /** Per source, the weight every entry has when they are all equal (interests: 1), else NaN. Then
   *  min(w_u, w_v) is that weight, and the accumulating loop need not read the postings' weights. */
  private readonly sameWeight: number[];
  /** listed[v] = 1 while v is in the candidate list, so a user touched in several sources is listed once. */
  private readonly listed: Uint8Array;

  /**
   * Ranks users of a prepared input with one thread's scratch, reused for every query.
   * @param scratch this thread's own, from allocateScratch in the same arena
   * @param bounds per user, a shared lower bound on the k-th best score (raiseBound in wasm/kernels.ts), in the
   *   arena, -1 to start; threads that split the pairs pass the same one, so each drops candidates that another
   *   thread's heaps already beat
   * @param kernels this thread's kernels on the arena's memory
   */
  constructor(
    private readonly input: PreparedInput,
    private readonly scratch: RankerScratch,
    private readonly bounds: Int32Array,
    private readonly kernels: Kernels,
  ) {
    this.sources = input.sources;
    this.sameWeight = input.sources.map(({ sets: { weights } }) =>
      weights.length > 0 && weights.every((w) => w === weights[0]) ? weights[0] : NaN,
    );
    this.listed = new Uint8Array(input.userCount);
  }

  /** Offers every pair (u, v > u) to heaps u and v; heaps are indexed by user. */
  pairsFrom(u: UserIndex, heaps: TopKHeaps): void {
    this.rank(u, heaps, u, true);
  }

  /** Offers every pair (u, v ≠ u) to heap `owner` only. */
  query(u: UserIndex, heaps: TopKHeaps, owner: number): void {
    this.rank(u, heaps, owner, false);
  }

  /** One query: accumulate, then score the range [first, end) (dense) or the users touched (sparse). */
  private rank(u: UserIndex, heaps: TopKHeaps, owner: number, symmetric: boolean): void {
    const { acc, touched, candidates } = this.scratch;
    const sourceCount = this.sources.length;
    const first = symmetric ? u + 1 : 0;
    const end = this.input.userCount;
    const entries = this.entriesToVisit(u, symmetric);
    this.accumulations += entries;
    const dense = entries >= DENSE_SHARE * (end - first);
    const touchedCount = this.accumulate(u, symmetric, !dense);
    // A query of everyone meets u itself; its zeroed accumulators make it a non-candidate.
    for (let s = 0; s < sourceCount; s++) acc[s][u] = 0;
    if (dense) {
      this.scan(u, heaps, owner, symmetric, first, end, 0);
      for (let s = 0; s < sourceCount; s++) {
        if (this.input.masks[u] & (1 << s)) this.kernels.clear(acc[s].byteOffset + first * 8, (end - first) * 8);
      }
      return;
    }
    const { listed } = this;
    let count = 0;
    for (let i = 0; i < touchedCount; i++) {
      const v = touched[i];
      if (listed[v] === 0) {
        listed[v] = 1;
        candidates[count++] = v;
      }
    }
    this.scan(u, heaps, owner, symmetric, 0, count, candidates.byteOffset);
    for (let i = 0; i < count; i++) {
      const v = candidates[i];
      listed[v] = 0;
      for (let s = 0; s < sourceCount; s++) acc[s][v] = 0;
    }
  }

  /** Posting entries a query of u will visit (after u only, or all). */
  private entriesToVisit(u: UserIndex, afterSelf: boolean): number {
    let visited = 0;
    for (const { sets, index } of this.sources) {
      const { tagIds } = sets;
      const { offsets, positions } = index;
      for (let j = sets.offsets[u], jEnd = sets.offsets[u + 1]; j < jEnd; j++) {
        visited += offsets[tagIds[j] + 1] - (afterSelf ? positions[j] + 1 : offsets[tagIds[j]]);
      }
    }
    return visited;
  }

  /** Adds min(w_u, w_v) into acc[s][v] for every v after u (or every v) in each of u's posting lists, in the kernel.
   *  With `track`, lists each v in `touched` when its accumulator leaves 0, and returns how many were listed. */
  private accumulate(u: UserIndex, afterSelf: boolean, track: boolean): number {
    const { acc, touched } = this.scratch;
    let touchedCount = 0;
    for (let s = 0; s < this.sources.length; s++) {
      const { sets, index } = this.sources[s];
      touchedCount = this.kernels.accumulate(
        u, afterSelf, track, this.sameWeight[s],
        sets.offsets.byteOffset, sets.tagIds.byteOffset, sets.weights.byteOffset,
        index.offsets.byteOffset, index.users.byteOffset, index.weights.byteOffset, index.positions.byteOffset,
        acc[s].byteOffset, touched.byteOffset, touchedCount,
      );
    }
    return touchedCount;
  }

  /**
   * Scores candidates against u and offers them to the heaps, in the scan kernel for the number of sources u has
   * data in, which reads only those sources' accumulators (J_s is 0 in the others): users first..end-1 when `list`
   * is 0, else the users at list[first..end) (a byte offset in the arena). A user with no data has no candidates.
   * When pairing (symmetric), a candidate must reach the shared bounds; a query passes ceilings, so only its own
   * heap's floor counts.
   */
  private scan(u: UserIndex, heaps: TopKHeaps, owner: number, symmetric: boolean, first: number, end: number,
    list: number): void {
    const { masks, alphas } = this.input;
    const { acc } = this.scratch;
    const uMask = masks[u];
    if (uMask === 0) return;
    const picked: number[] = [];
    for (let s = 0; s < this.sources.length; s++) if (uMask & (1 << s)) picked.push(s);
    // Sources past the user's own repeat its first: the kernel for its count never reads them. (No arrays of norms
    // here: integer and fractional norms give arrays of different element kinds, and V8 deoptimised.)
    const p0 = picked[0];
    const p1 = picked.length > 1 ? picked[1] : p0;
    const p2 = picked.length > 2 ? picked[2] : p0;
    const norms0 = this.sources[p0].norms;
    const norms1 = this.sources[p1].norms;
    const norms2 = this.sources[p2].norms;
    const a0 = acc[p0].byteOffset;
    const a1 = acc[p1].byteOffset;
    const a2 = acc[p2].byteOffset;
    const n0 = norms0.byteOffset;
    const n1 = norms1.byteOffset;
    const n2 = norms2.byteOffset;
    const u0 = norms0[u];
    const u1 = norms1[u];
    const u2 = norms2[u];
    const al0 = alphas[p0];
    const al1 = alphas[p1];
    const al2 = alphas[p2];
    const M = masks.byteOffset;
    const A = this.input.alphaSums.byteOffset;
    const bounds = (symmetric ? this.bounds : this.scratch.ceilings).byteOffset;
    const h = heaps.at;
    const { kernels } = this;
    if (picked.length === 1) {
      kernels.scan1(first, end, list, u, a0, n0, u0, al0, uMask, M, A, bounds, h, owner, symmetric);
    } else if (picked.length === 2) {
      kernels.scan2(first, end, list, u, a0, n0, u0, al0, a1, n1, u1, al1, uMask, M, A, bounds, h, owner, symmetric);
    } else {
      kernels.scan3(first, end, list, u, a0, n0, u0, al0, a1, n1, u1, al1, a2, n2, u2, al2, uMask, M, A, bounds, h,
        owner, symmetric);
    }
  }

  /**
   * Writes per-source J for user u's neighbours in row `row` of `out` (count and neighbour already filled): NaN
   * where neither user has data in the source. The kernel spreads u's weights over a by-tag array, so each
   * neighbour's Σ min is one walk of its own tags.
   */
  fillPerSource(u: UserIndex, out: NeighbourLists, row: number): void {
    fillPerSource(this.kernels, this.sources, this.scratch.byTag, u, out, row);
  }
}

/**
 * Per-source J for user u's neighbours in row `row` of `out` (count and neighbour already filled), for any method's
 * lists: `byTag` holds one all-zero array per source, in the arena, and is all zero again afterwards.
 */
export function fillPerSource(
  kernels: Kernels,
  sources: readonly Omit<PreparedSource, "index">[],
  byTag: readonly Float64Array[],
  u: UserIndex,
  out: NeighbourLists,
  row: number,
): void {
  const S = sources.length;
  const k = out.k;
  const count = out.count[row];
  const neighbours = out.neighbour.byteOffset + row * k * 4;
  const perSource = out.perSource.byteOffset + row * k * S * 8;
  for (let s = 0; s < S; s++) {
    const { sets, norms } = sources[s];
    kernels.perSource(u, count, neighbours, sets.offsets.byteOffset, sets.tagIds.byteOffset,
      sets.weights.byteOffset, norms.byteOffset, byTag[s].byteOffset, perSource, S, s);
  }
}

/**
 * Row `row` of `out` (in the arena) from owner u's entries in every set of heaps, best k first: `heapSets` holds
 * their layouts' offsets (TopKHeaps' `at`), one set per thread; `merged` is a one-owner set with the same capacity.
 * Empties u's heaps. Returns the neighbour count.
 */
export function mergeInto(u: UserIndex, heapSets: Uint32Array, merged: TopKHeaps, out: NeighbourLists,
  row: number): number {
  const k = out.k;
  const count = merged.kernels.mergeRow(heapSets.byteOffset, heapSets.length, merged.at, u,
    out.neighbour.byteOffset + row * k * 4, out.score.byteOffset + row * k * 8);
  out.count[row] = count;
  return count;
}
