// Plain JavaScript, with types in ranker.d.ts. The engine runs in worker threads, and Node 20 cannot load TypeScript
// into a worker cheaply: a Worker ignores tsx's loader in execArgv ("Unknown file extension .ts"), and tsx's
// tsImport costs 300-600 ms per worker (it starts a module-hooks thread and loads tsx there). As .js the worker
// starts in tens of milliseconds. Keep this file free of TypeScript syntax.
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
 * users in range, the usual case on the real data, where most pairs share a popular interest) scans the range
 * instead, which is cheaper than a test per entry. Each candidate's S comes from the accumulators and the L1 norms (Σ max = |u|₁ + |v|₁ −
 * Σ min, see weighted-jaccard.ts) and goes to bounded top-K heaps (top-k.js), after a division-free filter against
 * the heaps' worst kept scores that only drops candidates the exact score would drop too (see score).
 *
 * Two passes share those loops. `pairsFrom(u)` visits only v > u (each posting list from just after u), offering
 * the pair to both users' heaps: every pair once, Σ_t df_t(df_t − 1)/2 steps in all. `query(u)` visits every v, for
 * ranking a subset of users. S(u, v) is bit-for-bit S(v, u) (Σ min adds the shared tags' minima in ascending tag
 * order from either side, the min is symmetric, and |u|₁ + |v|₁ commutes), and the heaps' order is strict, so both
 * passes, and any split of users between threads, give identical lists.
 *
 * What every pair goes through, accumulating and the dense scan with its exact scores and heap offers, is
 * WebAssembly (wasm/kernels.ts) working on the arena's memory in place; here are the queries' set-up, the sparse
 * path, the general path for more than three sources and the per-source J of the kept neighbours.
 */
import { instantiateKernels } from "./kernels.js";
/** @typedef {import("./top-k.js").TopKHeaps} TopKHeaps */

/**
 * One thread's scratch arrays in the arena, where the kernels can reach them: per source the accumulators (Σ min per
 * user, all zero between queries) and the users a sparse query touched; the bounds a query passes to the scan,
 * 2³¹ − 1 everywhere (above any score: a query has no other end to respect); and per source an array by tag for
 * fillPerSource (all zero between calls).
 * @param {import("./prepared-input.js").PreparedInput} input @param {import("./arena.js").Arena} arena
 * @returns {import("./ranker.js").RankerScratch}
 */
export function allocateScratch(input, arena) {
  const n = input.userCount;
  return {
    acc: input.sources.map(() => arena.alloc(Float64Array, n)),
    touched: arena.alloc(Int32Array, n * input.sources.length),
    ceilings: arena.alloc(Int32Array, n).fill(0x7fffffff),
    byTag: input.sources.map(({ sets }) => arena.alloc(Float64Array, sets.tagCount)),
  };
}

export class Ranker {
  /**
   * Ranks users of a prepared input with one thread's scratch, reused for every query.
   * @param {import("./prepared-input.js").PreparedInput} input
   * @param {import("./ranker.js").RankerScratch} scratch this thread's own, from allocateScratch in the same arena
   * @param {Int32Array} bounds per user, a shared lower bound on the k-th best score (raiseBound in wasm/kernels.ts), in the arena,
   *   -1 to start; threads that split the pairs pass the same one, so each drops candidates that another thread's
   *   heaps already beat
   */
  constructor(input, scratch, bounds) {
    const n = input.userCount;
    const S = input.sources.length;
    this.input = input;
    this.sources = input.sources;
    this.norms = input.sources.map((source) => source.norms);
    this.alphas = input.alphas;
    this.sourceCount = S;
    this.bounds = bounds;
    this.kernels = instantiateKernels(input.memory);
    /** Per source, the weight every entry has when they are all equal (interests: 1), else NaN. Then min(w_u, w_v)
     *  is that weight, and the accumulating loop need not read the postings' weights. */
    this.sameWeight = input.sources.map(({ sets: { weights } }) =>
      weights.length > 0 && weights.every((w) => w === weights[0]) ? weights[0] : NaN,
    );
    /** Σ min per source and user. */
    this.acc = scratch.acc;
    /** Users whose accumulator in some source the current query made non-zero, once per such source. */
    this.touched = scratch.touched;
    /** listed[v] = 1 while v is in `candidates`, so a user touched in several sources is listed once. */
    this.listed = new Uint8Array(n);
    this.candidates = new Int32Array(n);
    this.ceilings = scratch.ceilings;
    this.byTag = scratch.byTag;
    /** 0, 1, ..., n - 1: the candidate list of a query that scans a whole range of users. */
    this.everyone = new Int32Array(n).map((_, i) => i);
    /** Per candidate position: the score so far as one fraction, num / den (see score). */
    this.num = new Float64Array(n);
    this.den = new Float64Array(n);
    this.masks = input.masks;
    this.alphaSums = input.alphaSums;
    /** Stand-ins for a missing source in the fused three-source loop (see score): Σ min 0, norms 1, α 0. */
    this.zeros = new Float64Array(n);
    this.ones = new Float64Array(n).fill(1);
    /** Inverted-list entries visited so far: the size of the work. */
    this.accumulations = 0;
  }

  /** Offers every pair (u, v > u) to heaps u and v; heaps are indexed by user. @param {number} u @param {TopKHeaps} heaps */
  pairsFrom(u, heaps) {
    this.rank(u, heaps, u, true);
  }

  /** Offers every pair (u, v ≠ u) to heap `owner` only. @param {number} u @param {TopKHeaps} heaps @param {number} owner */
  query(u, heaps, owner) {
    this.rank(u, heaps, owner, false);
  }

  /** One query. When it will visit at least a quarter as many posting entries as there are users in its range
   *  (usual here: most pairs share a popular interest), scanning the whole range in the kernel (≈ 4 ns a user) is
   *  cheaper than noting first touches and scoring each touched user in JavaScript; otherwise note them. Both find
   *  the same candidates. (A quarter measured best of 1, ½, ¼, 1/10 and 1/30: 5-8 % faster than 1.) */
  rank(u, heaps, owner, symmetric) {
    const first = symmetric ? u + 1 : 0;
    const end = this.input.userCount;
    const entries = this.entriesToVisit(u, symmetric);
    this.accumulations += entries;
    const dense = entries >= 0.25 * (end - first);
    const touchedCount = this.accumulate(u, symmetric, !dense);
    // A query of everyone meets u itself; its zeroed accumulators make it a non-candidate.
    for (let s = 0; s < this.sourceCount; s++) this.acc[s][u] = 0;
    if (dense) this.scoreRange(u, heaps, owner, symmetric, first, end);
    else {
      const { touched, listed, candidates } = this;
      let count = 0;
      for (let i = 0; i < touchedCount; i++) {
        const v = touched[i];
        if (listed[v] === 0) {
          listed[v] = 1;
          candidates[count++] = v;
        }
      }
      this.score(u, heaps, owner, symmetric, candidates, 0, count);
      for (let i = 0; i < count; i++) {
        const v = candidates[i];
        listed[v] = 0;
        for (let s = 0; s < this.sourceCount; s++) this.acc[s][v] = 0;
      }
    }
  }

  /** Posting entries a query of u will visit (after u only, or all). */
  entriesToVisit(u, afterSelf) {
    let visited = 0;
    for (let s = 0; s < this.sourceCount; s++) {
      const { sets, index } = this.sources[s];
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
  accumulate(u, afterSelf, track) {
    const { kernels, touched } = this;
    let touchedCount = 0;
    for (let s = 0; s < this.sourceCount; s++) {
      const { sets, index } = this.sources[s];
      touchedCount = kernels.accumulate(
        u, afterSelf, track, this.sameWeight[s],
        sets.offsets.byteOffset, sets.tagIds.byteOffset, sets.weights.byteOffset,
        index.offsets.byteOffset, index.users.byteOffset, index.weights.byteOffset, index.positions.byteOffset,
        this.acc[s].byteOffset, touched.byteOffset, touchedCount,
      );
    }
    return touchedCount;
  }

  /**
   * Scores candidates list[lo..hi) against u from the accumulators and offers them to the heaps.
   *
   * Only u's sources are summed (J_s is 0 in the others); there |u|₁ > 0 keeps Σ max = |u|₁ + |v|₁ − Σ min > 0.
   * Nearly every candidate loses to the worst neighbour both heaps already keep (on the real data ~1.3 M of 50 M
   * pairs get further), so S is first formed without a division, as one fraction num / (Σα · den) with
   * den = Π Σ max, and a candidate clearly below both heaps' floors is dropped. The 1e-12 margin dwarfs either
   * computation's rounding (a few ulps), so only candidates the exact score would reject are dropped, and den must
   * be well inside the normal range so the products neither overflow nor lose precision. The few left get the
   * exact score, Σ α_s · (Σ min / Σ max) / Σα, the same arithmetic from either end of the pair.
   */
  score(u, heaps, owner, symmetric, list, lo, hi) {
    const uMask = this.masks[u];
    if (uMask === 0) return; // u has no data at all: nobody shares anything with it
    let sources = 0;
    for (let s = 0; s < this.sourceCount; s++) if (uMask & (1 << s)) sources++;
    if (sources <= 3) this.scoreUpTo3(u, heaps, owner, symmetric, list, lo, hi);
    else this.scoreInPasses(u, heaps, owner, symmetric, list, lo, hi);
  }

  /**
   * A dense query's scoring: every user in [first, end) is scored as in score() and offered to the heaps, and the
   * accumulators of that range are left zero. A user with data in at most three sources (everyone here) gets the
   * kernel for exactly its sources, which reads only those accumulators (the others are still zero), filters, scores
   * and offers without returning to JavaScript; more sources take the general path here.
   */
  scoreRange(u, heaps, owner, symmetric, first, end) {
    const { acc, norms, alphas, masks, kernels } = this;
    const uMask = masks[u];
    const picked = [];
    for (let s = 0; s < this.sourceCount; s++) if (uMask & (1 << s)) picked.push(s);
    if (picked.length > 3) {
      this.scoreInPasses(u, heaps, owner, symmetric, this.everyone, first, end);
    } else if (picked.length > 0) {
      // Sources past the user's own repeat its first: the kernel for its count never reads them. (No arrays of
      // norms here: integer and fractional norms give arrays of different element kinds, and V8 deoptimised.)
      const p0 = picked[0];
      const p1 = picked.length > 1 ? picked[1] : p0;
      const p2 = picked.length > 2 ? picked[2] : p0;
      const a0 = acc[p0].byteOffset;
      const a1 = acc[p1].byteOffset;
      const a2 = acc[p2].byteOffset;
      const n0 = norms[p0].byteOffset;
      const n1 = norms[p1].byteOffset;
      const n2 = norms[p2].byteOffset;
      const u0 = norms[p0][u];
      const u1 = norms[p1][u];
      const u2 = norms[p2][u];
      const al0 = alphas[p0];
      const al1 = alphas[p1];
      const al2 = alphas[p2];
      const M = masks.byteOffset;
      const A = this.alphaSums.byteOffset;
      const bounds = (symmetric ? this.bounds : this.ceilings).byteOffset;
      const h = heaps.at;
      if (picked.length === 1) kernels.scan1(first, end, u, a0, n0, u0, al0, uMask, M, A, bounds, h, owner, symmetric);
      else if (picked.length === 2) {
        kernels.scan2(first, end, u, a0, n0, u0, al0, a1, n1, u1, al1, uMask, M, A, bounds, h, owner, symmetric);
      } else {
        kernels.scan3(first, end, u, a0, n0, u0, al0, a1, n1, u1, al1, a2, n2, u2, al2, uMask, M, A, bounds, h, owner,
          symmetric);
      }
    }
    for (const s of picked) kernels.clear(acc[s].byteOffset + first * 8, (end - first) * 8);
  }

  /** score() for a query user with data in at most three sources, the usual case: one loop over the candidates,
   *  num and den in registers. Missing sources are stand-ins that add 0 to num and a factor 2 (exact) to den. */
  scoreUpTo3(u, heaps, owner, symmetric, list, lo, hi) {
    const { acc, norms, alphas, masks, alphaSums, zeros, ones } = this;
    const uMask = masks[u];
    const picked = [];
    for (let s = 0; s < this.sourceCount; s++) if (uMask & (1 << s)) picked.push(s);
    const slot = (i) =>
      i < picked.length
        ? { a: acc[picked[i]], n: norms[picked[i]], alpha: alphas[picked[i]] }
        : { a: zeros, n: ones, alpha: 0 };
    const { a: a0, n: n0, alpha: alpha0 } = slot(0);
    const { a: a1, n: n1, alpha: alpha1 } = slot(1);
    const { a: a2, n: n2, alpha: alpha2 } = slot(2);
    const u0 = n0[u];
    const u1 = n1[u];
    const u2 = n2[u];
    const floors = heaps.floors;
    let ownerFloor = floors[owner];
    for (let i = lo; i < hi; i++) {
      const v = list[i];
      const m0 = a0[v];
      const m1 = a1[v];
      const m2 = a2[v];
      const d0 = u0 + n0[v] - m0;
      const d1 = u1 + n1[v] - m1;
      const d2 = u2 + n2[v] - m2;
      const num = alpha0 * m0 * d1 * d2 + alpha1 * m1 * d0 * d2 + alpha2 * m2 * d0 * d1;
      const den = d0 * d1 * d2;
      const floor = symmetric ? Math.min(ownerFloor, floors[v]) : ownerFloor;
      const alphaSum = alphaSums[uMask | masks[v]];
      if (!mayReach(num, den, floor, alphaSum)) continue;
      this.offerExact(u, v, alphaSum, heaps, owner, symmetric);
      ownerFloor = floors[owner];
    }
  }

  /** The exact score of a candidate that passed the floor filter, offered to the heaps. */
  offerExact(u, v, alphaSum, heaps, owner, symmetric) {
    const { acc, norms, alphas } = this;
    const uMask = this.masks[u];
    let weighted = 0;
    for (let s = 0; s < this.sourceCount; s++) {
      if ((uMask & (1 << s)) === 0) continue;
      const sumMin = acc[s][v];
      weighted += alphas[s] * (sumMin / (norms[s][u] + norms[s][v] - sumMin));
    }
    this.kernels.offerScored(heaps.at, this.bounds.byteOffset, u, v, owner, weighted / alphaSum, symmetric);
  }

  /** score() for a query user with data in more than three sources: one pass over the candidates per source,
   *  building num and den in arrays, then the filter. */
  scoreInPasses(u, heaps, owner, symmetric, list, lo, hi) {
    const { acc, norms, alphas, num, den, masks, alphaSums } = this;
    const S = this.sourceCount;
    const uMask = masks[u];
    let firstPass = true;
    for (let s = 0; s < S; s++) {
      if ((uMask & (1 << s)) === 0) continue;
      const a = acc[s];
      const sourceNorms = norms[s];
      const nu = sourceNorms[u];
      const alpha = alphas[s];
      if (firstPass) {
        for (let i = lo; i < hi; i++) {
          const v = list[i];
          const sumMin = a[v];
          num[i] = alpha * sumMin;
          den[i] = nu + sourceNorms[v] - sumMin;
        }
        firstPass = false;
      } else {
        for (let i = lo; i < hi; i++) {
          const v = list[i];
          const sumMin = a[v];
          const sumMax = nu + sourceNorms[v] - sumMin;
          num[i] = num[i] * sumMax + alpha * sumMin * den[i];
          den[i] *= sumMax;
        }
      }
    }

    const floors = heaps.floors;
    let ownerFloor = floors[owner];
    for (let i = lo; i < hi; i++) {
      const v = list[i];
      const n = num[i];
      const d = den[i];
      const floor = symmetric ? Math.min(ownerFloor, floors[v]) : ownerFloor;
      const alphaSum = alphaSums[uMask | masks[v]];
      if (!mayReach(n, d, floor, alphaSum)) continue;
      this.offerExact(u, v, alphaSum, heaps, owner, symmetric);
      ownerFloor = floors[owner];
    }
  }

  /**
   * Writes per-source J for user u's neighbours in row `row` of `out` (count and neighbour already filled): NaN
   * where neither user has data in the source. The kernel spreads u's weights over a by-tag array, so each
   * neighbour's Σ min is one walk of its own tags.
   * @param {number} u @param {import("./types.js").NeighbourLists} out @param {number} row
   */
  fillPerSource(u, out, row) {
    const S = this.sourceCount;
    const k = out.k;
    const count = out.count[row];
    const neighbours = out.neighbour.byteOffset + row * k * 4;
    const perSource = out.perSource.byteOffset + row * k * S * 8;
    for (let s = 0; s < S; s++) {
      const { sets, norms } = this.sources[s];
      this.kernels.perSource(u, count, neighbours, sets.offsets.byteOffset, sets.tagIds.byteOffset,
        sets.weights.byteOffset, norms.byteOffset, this.byTag[s].byteOffset, perSource, S, s);
    }
  }
}

/** score()'s division-free filter (keptOne in wasm/kernels.ts is the kernels' copy): false when S = num / (Σα · den)
 *  is clearly below `floor`, or when the pair shares nothing (num = 0). Floors first: most candidates fail there,
 *  predictably; non-candidates fail there too once the heaps are full, and the num > 0 test catches the rest. */
function mayReach(num, den, floor, alphaSum) {
  if (num < floor * alphaSum * den * (1 - 1e-12) && den > 1e-280 && den < 1e280) return false;
  return num > 0;
}

/**
 * Row `row` of `out` (in the arena) from owner u's entries in every set of heaps, best k first: `heapSets` holds
 * their layouts' offsets (TopKHeaps' `at`), one set per thread; `merged` is a one-owner set with the same capacity.
 * Empties u's heaps. Returns the neighbour count.
 * @param {number} u @param {Uint32Array} heapSets @param {TopKHeaps} merged
 * @param {import("./types.js").NeighbourLists} out @param {number} row
 */
export function mergeInto(u, heapSets, merged, out, row) {
  const k = out.k;
  const count = merged.kernels.mergeRow(heapSets.byteOffset, heapSets.length, merged.at, u,
    out.neighbour.byteOffset + row * k * 4, out.score.byteOffset + row * k * 8);
  out.count[row] = count;
  return count;
}
