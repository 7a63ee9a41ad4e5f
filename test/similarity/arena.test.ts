import { describe, expect, test } from "vitest";
import { Arena } from "../../src/similarity/arena.js";

describe("Arena", () => {
  test("hands out zeroed arrays, 16-byte aligned for the kernels' v128 loads, one after another", () => {
    const arena = new Arena();
    const a = arena.alloc(Int32Array, 3);
    const b = arena.alloc(Float64Array, 5);
    expect(Array.from(a)).toEqual([0, 0, 0]);
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0]);
    expect(b.byteOffset % 16).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + a.byteLength);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  test("keeps earlier arrays valid when it grows its memory", () => {
    const arena = new Arena();
    const early = arena.copy(Float64Array.of(1.5, -2, 3.25));
    const pagesBefore = arena.memory.buffer.byteLength / 65536;
    const big = arena.alloc(Float64Array, 200_000); // 1.6 MB: the memory has to grow
    expect(arena.memory.buffer.byteLength / 65536).toBeGreaterThan(pagesBefore);
    big[199_999] = 7;
    expect(Array.from(early)).toEqual([1.5, -2, 3.25]);
    expect(new Float64Array(arena.memory.buffer, early.byteOffset, 3)[2]).toBe(3.25);
  });

  test("refuses past WebAssembly's 4 GiB with a message that says so", () => {
    expect(() => new Arena().alloc(Float64Array, 2 ** 29 + 1)).toThrow(
      "the similarity engine needs more than 4 GiB of working memory, the most a WebAssembly memory holds",
    );
    expect(() => new Arena("the graph").alloc(Float64Array, 2 ** 29 + 1)).toThrow(
      "the similarity engine needs more than 4 GiB of working memory for the graph, the most a WebAssembly memory holds",
    );
  });
});
