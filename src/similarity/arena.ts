/**
 * The engine's memory for one ranking: a shared WebAssembly.Memory holding every typed array the kernels
 * (wasm/kernels.ts) read or write, so the TypeScript and the kernels work on the same bytes, and every worker thread
 * on the same memory. Arrays are placed one after another, 16-byte aligned for the kernels' v128 loads, and never
 * freed: the arena is dropped whole with the ranking. Growing a shared memory never detaches it, so earlier views
 * stay valid.
 */
const PAGE_BYTES = 65536;
/** 4 GiB, the most a 32-bit WebAssembly memory can address; kernels.wasm declares the same maximum. */
const MAX_PAGES = 65536;
/** Bytes left unused at the start, so no array sits at offset 0 and a kernel can take 0 to mean "no array". */
const RESERVED_BYTES = 16;

export type ArenaArray = Int32Array | Uint32Array | Float64Array;

export interface ArenaArrayType<T extends ArenaArray> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
}

export class Arena {
  /** @param holds what the arena holds, for the message when it is full (a ranking may use several arenas). */
  constructor(private readonly holds?: string) {}

  readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  /** First free byte. */
  private top = RESERVED_BYTES;
  /** Bytes below this were handed out before the last reset() and may hold old values. */
  private used = RESERVED_BYTES;

  /** A zeroed array of `length` elements in the arena. Throws a RangeError past WebAssembly's 4 GiB. */
  alloc<T extends ArenaArray>(Type: ArenaArrayType<T>, length: number): T {
    const start = Math.ceil(this.top / 16) * 16;
    const end = start + length * Type.BYTES_PER_ELEMENT;
    const pages = this.memory.buffer.byteLength / PAGE_BYTES;
    const needed = Math.ceil(end / PAGE_BYTES);
    if (needed > MAX_PAGES) {
      throw new RangeError(
        `the similarity engine needs more than 4 GiB of working memory${this.holds ? ` for ${this.holds}` : ""}, ` +
          "the most a WebAssembly memory holds: rank fewer users at a time, or keep fewer neighbours per user",
      );
    }
    if (needed > pages) this.memory.grow(needed - pages);
    this.top = end;
    const array = new Type(this.memory.buffer, start, length);
    if (start < this.used) array.fill(0);
    return array;
  }

  /**
   * Frees every array at once and keeps the memory for the next ones: for preparing one input after another (a live
   * service's updates), which then writes into pages already mapped instead of faulting in fresh ones (at 100k users
   * most of a fresh arena's preparation). Arrays handed out before must not be used again.
   */
  reset(): void {
    this.used = Math.max(this.used, this.top);
    this.top = RESERVED_BYTES;
  }

  /** A copy of `array` in the arena. */
  copy<T extends ArenaArray>(array: T): T {
    const copy = this.alloc(array.constructor as ArenaArrayType<T>, array.length);
    copy.set(array);
    return copy;
  }
}
