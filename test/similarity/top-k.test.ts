import { describe, expect, test } from "vitest";
import { Arena } from "../../src/similarity/arena.js";
import { instantiateKernels, kernelModule } from "../../src/similarity/kernels.js";
import { TopKHeaps } from "../../src/similarity/top-k.js";

/** Heaps in an arena of their own, with kernels on its memory, as the engine allocates them. */
const heapsOf = (owners: number, capacity: number) => {
  const arena = new Arena();
  return new TopKHeaps(TopKHeaps.allocate(arena, owners, capacity), instantiateKernels(kernelModule(), arena.memory));
};

function drain(heaps: TopKHeaps, owner: number) {
  const ids = new Int32Array(heaps.capacity);
  const scores = new Float64Array(heaps.capacity);
  const n = heaps.drainInto(owner, ids, scores, 0);
  return { ids: Array.from(ids.subarray(0, n)), scores: Array.from(scores.subarray(0, n)) };
}

describe("TopKHeaps", () => {
  test("keeps the k best of many, best first", () => {
    const heaps = heapsOf(1, 3);
    [0.1, 0.9, 0.4, 0.7, 0.2, 0.8].forEach((score, id) => heaps.offer(0, id, score));
    expect(drain(heaps, 0)).toEqual({ ids: [1, 5, 3], scores: [0.9, 0.8, 0.7] });
  });

  test("breaks equal scores by the smaller id, whatever the arrival order", () => {
    for (const order of [[4, 2, 7, 1], [1, 2, 4, 7], [7, 4, 2, 1]]) {
      const heaps = heapsOf(1, 2);
      for (const id of order) heaps.offer(0, id, 0.5);
      expect(drain(heaps, 0).ids).toEqual([1, 2]);
    }
  });

  test("a full heap's floor is its worst score; below it nothing enters", () => {
    const heaps = heapsOf(1, 2);
    heaps.offer(0, 1, 0.3);
    expect(heaps.floors[0]).toBe(-Infinity);
    heaps.offer(0, 2, 0.6);
    expect(heaps.floors[0]).toBe(0.3);
    heaps.offer(0, 3, 0.2);
    heaps.offer(0, 0, 0.3); // ties the worst with a smaller id: replaces id 1
    expect(drain(heaps, 0)).toEqual({ ids: [2, 0], scores: [0.6, 0.3] });
  });

  test("keeps owners apart and drains fewer than capacity when fewer were offered", () => {
    const heaps = heapsOf(3, 4);
    heaps.offer(2, 5, 0.5);
    heaps.offer(0, 6, 0.25);
    heaps.offer(2, 9, 0.75);
    expect(drain(heaps, 1)).toEqual({ ids: [], scores: [] });
    expect(drain(heaps, 2)).toEqual({ ids: [9, 5], scores: [0.75, 0.5] });
    expect(drain(heaps, 0)).toEqual({ ids: [6], scores: [0.25] });
  });

  test("draining empties the heap", () => {
    const heaps = heapsOf(1, 2);
    heaps.offer(0, 1, 0.5);
    drain(heaps, 0);
    expect(drain(heaps, 0)).toEqual({ ids: [], scores: [] });
    expect(heaps.floors[0]).toBe(-Infinity);
  });
});
