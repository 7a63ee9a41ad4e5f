/** Types for top-k.js (plain JavaScript so worker threads need no TypeScript loader). */
import type { Arena } from "./arena.js";
import type { Kernels } from "./kernels.js";
import type { UserIndex } from "./types.js";

/** The arrays behind a TopKHeaps, in an arena; they can be handed to another thread. */
export interface HeapStorage {
  memory: WebAssembly.Memory;
  capacity: number;
  ids: Int32Array;
  scores: Float64Array;
  sizes: Uint32Array;
  floors: Float64Array;
  layout: Uint32Array;
  drainedIds: Int32Array;
  drainedScores: Float64Array;
}

/** Bounded top-K heaps for many owners, in an arena; see top-k.js and wasm/kernels.ts. */
export class TopKHeaps {
  static allocate(arena: Arena, owners: number, capacity: number): HeapStorage;
  constructor(storage: HeapStorage);
  readonly capacity: number;
  /** Byte offset of the heaps' layout in the arena: how the kernels name this set of heaps. */
  readonly at: number;
  /** floors[o]: the worst kept score once owner o's heap is full, -Infinity before. */
  readonly floors: Float64Array;
  readonly kernels: Kernels;
  offer(o: number, id: UserIndex, score: number): void;
  drainInto(o: number, outIds: Int32Array, outScores: Float64Array, at: number): number;
}
