/** Types for arena.js (plain JavaScript so worker threads need no TypeScript loader). */
type ArenaArray = Int32Array | Uint32Array | Float64Array;

/** Typed arrays in one shared WebAssembly.Memory, for the kernels and every worker thread; see arena.js. */
export class Arena {
  readonly memory: WebAssembly.Memory;
  /** A zeroed array in the arena. Throws a RangeError past WebAssembly's 4 GiB. */
  alloc<T extends ArenaArray>(
    Type: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number },
    length: number,
  ): T;
  /** A copy of `array` in the arena. */
  copy<T extends ArenaArray>(array: T): T;
}
