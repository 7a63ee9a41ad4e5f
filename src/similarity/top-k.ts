/**
 * Bounded top-K lists for many owners at once: owner o keeps at most `capacity` (user, score) entries, higher score
 * first, equal scores broken by the smaller user index (= smaller handle). The heaps live in an Arena and their
 * operations are kernels (wasm/kernels.ts explains the layout and the order), so a scan offers to them without
 * leaving WebAssembly and there is one implementation of the heap; this class is how TypeScript reaches them. The
 * engine itself uses `at` (how kernels name the set), `kernels` and the storage; offer, drainInto and `floors` are
 * the heaps' contract as tests hold it.
 */
import type { Arena } from "./arena.js";
import type { Kernels } from "./kernels.js";
import type { UserIndex } from "./types.js";

/** The arrays behind a TopKHeaps, in an arena; they can be handed to another thread. */
export interface HeapStorage {
  capacity: number;
  ids: Int32Array;
  scores: Float64Array;
  sizes: Uint32Array;
  /** floors[o]: the worst kept score once owner o's heap is full, -Infinity before. */
  floors: Float64Array;
  /** What the kernels take: capacity and the byte offsets of the four arrays above. */
  layout: Uint32Array;
  /** Where drainInto has the kernel write an owner's entries, best first. */
  drainedIds: Int32Array;
  drainedScores: Float64Array;
}

export class TopKHeaps {
  /** Storage for `owners` empty heaps of `capacity` (≥ 1) entries each, in the arena. */
  static allocate(arena: Arena, owners: number, capacity: number): HeapStorage {
    const slots = owners * capacity;
    const storage: HeapStorage = {
      capacity,
      ids: arena.alloc(Int32Array, slots),
      scores: arena.alloc(Float64Array, slots),
      sizes: arena.alloc(Uint32Array, owners),
      floors: arena.alloc(Float64Array, owners).fill(-Infinity),
      layout: arena.alloc(Uint32Array, 5),
      drainedIds: arena.alloc(Int32Array, capacity),
      drainedScores: arena.alloc(Float64Array, capacity),
    };
    storage.layout.set([capacity, storage.ids.byteOffset, storage.scores.byteOffset, storage.sizes.byteOffset,
      storage.floors.byteOffset]);
    return storage;
  }

  readonly capacity: number;
  /** Byte offset of the heaps' layout in the arena: how the kernels name this set of heaps. */
  readonly at: number;
  /** floors[o]: the worst kept score once owner o's heap is full, -Infinity before. Anything scoring below it is
   *  rejected with one read, without touching the heap. */
  readonly floors: Float64Array;

  /**
   * @param storage heaps made by `allocate`, possibly shared with other threads
   * @param kernels this thread's kernels on the memory of the arena that holds `storage`
   */
  constructor(
    readonly storage: HeapStorage,
    readonly kernels: Kernels,
  ) {
    this.capacity = storage.capacity;
    this.at = storage.layout.byteOffset;
    this.floors = storage.floors;
  }

  /** Offers (id, score) to owner o; kept if the heap is not full or it beats the worst entry kept. */
  offer(o: number, id: UserIndex, score: number): void {
    this.kernels.offer(this.at, o, id, score);
  }

  /** Writes owner o's entries best first into outIds/outScores[at..], empties the heap, returns how many. */
  drainInto(o: number, outIds: Int32Array, outScores: Float64Array, at: number): number {
    const { drainedIds, drainedScores } = this.storage;
    const n = this.kernels.drain(this.at, o, drainedIds.byteOffset, drainedScores.byteOffset);
    outIds.set(drainedIds.subarray(0, n), at);
    outScores.set(drainedScores.subarray(0, n), at);
    return n;
  }
}
