/** Types for top-k.js (plain JavaScript so worker threads need no TypeScript loader). */
import type { UserIndex } from "./types.js";

/** The typed arrays behind a TopKHeaps; on SharedArrayBuffers they can be handed to another thread. */
export interface HeapStorage {
  capacity: number;
  ids: Int32Array;
  scores: Float64Array;
  sizes: Uint32Array;
  floors: Float64Array;
}

/** `owners` bounded top-K heaps in parallel typed arrays; see top-k.js. */
export class TopKHeaps {
  static allocate(
    owners: number,
    capacity: number,
    Buffer?: ArrayBufferConstructor | SharedArrayBufferConstructor,
  ): HeapStorage;
  constructor(storage: HeapStorage);
  readonly capacity: number;
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  readonly sizes: Uint32Array;
  /** The root score of each full heap, -Infinity while it is not full: anything scoring below it would be rejected. */
  readonly floors: Float64Array;
  clear(owner: number): void;
  offer(owner: number, id: UserIndex, score: number): void;
  offerAll(owner: number, from: TopKHeaps, fromOwner: number): void;
  drainInto(owner: number, outIds: Int32Array, outScores: Float64Array, at: number): number;
}
