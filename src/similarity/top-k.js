// Plain JavaScript, with types in top-k.d.ts: worker threads load it without a TypeScript loader (see ranker.js).
/**
 * Bounded top-K lists for many owners at once: owner o keeps at most `capacity` (user, score) entries, higher score
 * first, equal scores broken by the smaller user index (= smaller handle). The heaps live in an Arena and their
 * operations are kernels (wasm/kernels.ts explains the layout and the order), so the dense scan offers to them
 * without leaving WebAssembly and there is one implementation of the heap; this class is how JavaScript reaches them.
 * The engine itself uses `at` (how kernels name the set), `floors` and `kernels`; offer and drainInto are the heaps'
 * contract as tests hold it.
 */
import { instantiateKernels } from "./kernels.js";

export class TopKHeaps {
  /**
   * Storage for `owners` empty heaps of `capacity` (≥ 1) entries each, in the arena.
   * @param {import("./arena.js").Arena} arena
   * @param {number} owners
   * @param {number} capacity
   * @returns {import("./top-k.js").HeapStorage}
   */
  static allocate(arena, owners, capacity) {
    const slots = owners * capacity;
    const storage = {
      memory: arena.memory,
      capacity,
      ids: arena.alloc(Int32Array, slots),
      scores: arena.alloc(Float64Array, slots),
      sizes: arena.alloc(Uint32Array, owners),
      floors: arena.alloc(Float64Array, owners).fill(-Infinity),
      /** What the kernels take: capacity and the byte offsets of the four arrays above. */
      layout: arena.alloc(Uint32Array, 5),
      /** Where drainInto has the kernel write an owner's entries, best first. */
      drainedIds: arena.alloc(Int32Array, capacity),
      drainedScores: arena.alloc(Float64Array, capacity),
    };
    storage.layout.set([capacity, storage.ids.byteOffset, storage.scores.byteOffset, storage.sizes.byteOffset,
      storage.floors.byteOffset]);
    return storage;
  }

  /** @param {import("./top-k.js").HeapStorage} storage heaps made by `allocate`, possibly shared with other threads */
  constructor(storage) {
    /** The kernels on this heap set's memory (mergeInto uses them too). */
    this.kernels = instantiateKernels(storage.memory);
    this.storage = storage;
    this.capacity = storage.capacity;
    /** Byte offset of the heaps' layout: how kernels name this set of heaps. */
    this.at = storage.layout.byteOffset;
    // floors[o]: the worst kept score once owner o's heap is full, -Infinity before. Anything scoring below it is
    // rejected with one read, without touching the heap.
    this.floors = storage.floors;
  }

  /** Offers (id, score) to owner o; kept if the heap is not full or it beats the worst entry kept.
   *  @param {number} o @param {number} id @param {number} score */
  offer(o, id, score) {
    this.kernels.offer(this.at, o, id, score);
  }

  /** Writes owner o's entries best first into outIds/outScores[at..], empties the heap, returns how many.
   *  @param {number} o @param {Int32Array} outIds @param {Float64Array} outScores @param {number} at */
  drainInto(o, outIds, outScores, at) {
    const { drainedIds, drainedScores } = this.storage;
    const n = this.kernels.drain(this.at, o, drainedIds.byteOffset, drainedScores.byteOffset);
    outIds.set(drainedIds.subarray(0, n), at);
    outScores.set(drainedScores.subarray(0, n), at);
    return n;
  }
}
