/**
 * The pair pass cut into blocks that separate processes can rank (a queue's workers) and one process can join.
 * Block [from, to) offers every pair (u, v > u) with u in the block to both users' heaps, as rankAllUsers' threads
 * do, and yields for every user from..N-1 the top k of the pairs it met in the block: its partial list. Each pair
 * (u < v) lies in exactly one block, the one holding u, so the top k of a user's partial lists over all blocks is the
 * top k of all its pairs under the heaps' strict order: its exact list, bit for bit rankUsers' (listsFromPartials).
 * Half the work of querying each block's users alone, at the price of staging up to N - from partial lists per block.
 */
import { Arena } from "./arena.js";
import { instantiateKernels, kernelModule } from "./kernels.js";
import { prepareInput, prepareSets } from "./prepared-input.js";
import { allocateScratch, fillPerSource, mergeInto, Ranker } from "./ranker.js";
import { allocateLists, heapCapacity } from "./rank-users.js";
import { TopKHeaps } from "./top-k.js";
import type { EngineInput, NeighbourLists, UserIndex } from "./types.js";
import { validateInput, validateRange } from "./validate.js";

/** Partial lists of users first..first + count.length - 1, k slots each (NeighbourLists' layout, no per-source J). */
export interface PartialLists {
  first: UserIndex;
  k: number;
  count: Uint32Array;
  neighbour: Int32Array;
  score: Float64Array;
  /** Inverted-list entries the block visited. */
  accumulations: number;
}

/** Ranks blocks of one input one after another on this thread, with the index and every user's heap prepared once. */
export class PairBlocks {
  private readonly ranker: Ranker;
  private readonly heaps: TopKHeaps;
  private readonly merged: TopKHeaps;
  private readonly heapSets: Uint32Array;
  private readonly bounds: Int32Array;
  /** One row in the arena, where a user's partial list is drained before it is copied out. */
  private readonly row: NeighbourLists;
  private readonly userCount: number;

  /** Throws on invalid input or k, naming the value. `module`: kernels.wasm compiled (a thread gets its parent's). */
  constructor(input: EngineInput, private readonly k: number, module: WebAssembly.Module = kernelModule()) {
    validateInput(input, k);
    const n = (this.userCount = input.userCount);
    const arena = new Arena();
    this.row = allocateLists(1, k, input.sources.length, arena);
    const prepared = prepareInput(input, arena);
    const kernels = instantiateKernels(module, arena.memory);
    this.bounds = arena.alloc(Int32Array, n).fill(-1);
    this.ranker = new Ranker(prepared, allocateScratch(prepared, arena), this.bounds, kernels);
    const capacity = heapCapacity(k, n);
    this.heaps = new TopKHeaps(TopKHeaps.allocate(arena, n, capacity), kernels);
    this.merged = new TopKHeaps(TopKHeaps.allocate(arena, 1, capacity), kernels);
    this.heapSets = arena.copy(Uint32Array.of(this.heaps.at));
  }

  /** The partial lists of users from..N-1 from the pairs of users from..to-1; throws on a bad range. */
  pair(from: UserIndex, to: UserIndex): PartialLists {
    validateRange(this.userCount, from, to);
    const { k, row, ranker } = this;
    const rows = this.userCount - from;
    // Every heap is empty here (draining empties it); the bounds are the previous block's floors.
    this.bounds.fill(-1, from);
    const before = ranker.accumulations;
    for (let u = to - 1; u >= from; u--) ranker.pairsFrom(u, this.heaps);
    const out: PartialLists = {
      first: from,
      k,
      count: new Uint32Array(rows),
      neighbour: new Int32Array(rows * k).fill(-1),
      score: new Float64Array(rows * k),
      accumulations: ranker.accumulations - before,
    };
    for (let r = 0; r < rows; r++) {
      const count = mergeInto(from + r, this.heapSets, this.merged, row, 0);
      out.count[r] = count;
      out.neighbour.set(row.neighbour.subarray(0, count), r * k);
      out.score.set(row.score.subarray(0, count), r * k);
    }
    return out;
  }
}

/**
 * Every user's list from the partial lists of blocks covering all users (as PairBlocks gives them, in any order):
 * per user the top k of its partial lists, higher score first and equal scores to the smaller index, as the heaps
 * order them, then per-source J as the exact engine computes it. Throws when the blocks' k differs from `k`.
 */
export function listsFromPartials(input: EngineInput, k: number, blocks: readonly PartialLists[]): NeighbourLists {
  validateInput(input, k);
  const n = input.userCount;
  const arena = new Arena();
  const out = allocateLists(n, k, input.sources.length, arena);
  for (const block of blocks) {
    if (block.k !== k) throw new RangeError(`a block has k ${block.k}, the run has k ${k}`);
    out.accumulations += block.accumulations;
  }
  // Blocks by first user: user u's partial lists are in the blocks with first ≤ u, a prefix of this order.
  const ordered = [...blocks].sort((a, b) => a.first - b.first);
  const heads = new Int32Array(ordered.length);
  for (let u = 0, covering = 0; u < n; u++) {
    while (covering < ordered.length && ordered[covering].first <= u) covering++;
    for (let b = 0; b < covering; b++) heads[b] = 0;
    const slot = u * k;
    let filled = 0;
    while (filled < k) {
      let best = -1;
      let bestScore = 0;
      let bestId = 0;
      for (let b = 0; b < covering; b++) {
        const block = ordered[b];
        const r = u - block.first;
        if (heads[b] >= block.count[r]) continue;
        const at = r * k + heads[b];
        const score = block.score[at];
        const id = block.neighbour[at];
        if (best === -1 || score > bestScore || (score === bestScore && id < bestId)) {
          best = b;
          bestScore = score;
          bestId = id;
        }
      }
      if (best === -1) break;
      heads[best]++;
      out.neighbour[slot + filled] = bestId;
      out.score[slot + filled] = bestScore;
      filled++;
    }
    out.count[u] = filled;
  }
  const prepared = prepareSets(input, arena);
  const kernels = instantiateKernels(kernelModule(), arena.memory);
  const byTag = prepared.sources.map(({ sets }) => arena.alloc(Float64Array, sets.tagCount));
  for (let u = 0; u < n; u++) fillPerSource(kernels, prepared.sources, byTag, u, out, u);
  return out;
}
