import { describe, expect, test } from "vitest";
import { splitIntoBlocks } from "../../src/queue/block-jobs.js";
import { decodeInput, decodePartial, encodeInput, encodePartial } from "../../src/queue/snapshot.js";
import { pairWork } from "../../src/similarity/exact-work.js";
import { PairBlocks } from "../../src/similarity/pair-blocks.js";
import { randomInput } from "../similarity/random-input.js";

describe("snapshot", () => {
  test("the engine input comes back byte for byte", () => {
    const input = randomInput(9, { users: 70, tags: [9, 7, 4], weights: "wide", alphas: [2, 0.5, 1] });
    const back = decodeInput(encodeInput(input));
    expect(back.userCount).toBe(70);
    expect(back.alphas).toEqual([2, 0.5, 1]);
    back.sources.forEach((s, i) => {
      const want = input.sources[i];
      expect(s.tagCount).toBe(want.tagCount);
      expect(Array.from(s.offsets)).toEqual(Array.from(want.offsets));
      expect(Array.from(s.tagIds)).toEqual(Array.from(want.tagIds));
      expect(Buffer.from(s.weights.buffer).equals(Buffer.from(want.weights.buffer, want.weights.byteOffset, want.weights.byteLength))).toBe(true);
    });
  });

  test("a block's partial lists come back byte for byte; a cut-off snapshot is refused", () => {
    const input = randomInput(10, { users: 50, tags: [8, 6], weights: "dyadic" });
    const partial = new PairBlocks(input, 4).pair(10, 30);
    const bytes = encodePartial(partial);
    const back = decodePartial(bytes);
    expect(back.first).toBe(10);
    expect(back.k).toBe(4);
    expect(back.accumulations).toBe(partial.accumulations);
    expect(Array.from(back.count)).toEqual(Array.from(partial.count));
    expect(Array.from(back.neighbour)).toEqual(Array.from(partial.neighbour));
    expect(Buffer.from(back.score.buffer).equals(Buffer.from(partial.score.buffer))).toBe(true);
    expect(() => decodePartial(bytes.subarray(0, bytes.length - 8))).toThrow(/snapshot truncated/);
  });
});

describe("splitIntoBlocks", () => {
  test("covers every user once, in order, with about equal work", () => {
    const input = randomInput(12, { users: 400, tags: [10, 8, 5], weights: "unit" });
    const work = pairWork(input);
    const ranges = splitIntoBlocks(work, 8);
    expect(ranges.length).toBe(8);
    expect(ranges[0][0]).toBe(0);
    expect(ranges[7][1]).toBe(400);
    ranges.forEach(([from, to], i) => {
      expect(to).toBeGreaterThan(from);
      if (i > 0) expect(from).toBe(ranges[i - 1][1]);
    });
    const sums = ranges.map(([from, to]) => work.subarray(from, to).reduce((a, b) => a + b, 0) + (to - from));
    const mean = sums.reduce((a, b) => a + b, 0) / sums.length;
    // Each cut lands within one user of its share, and the heaviest user here is far below a block's share.
    for (const sum of sums) expect(Math.abs(sum - mean)).toBeLessThan(Math.max(...work) + 1 + mean * 0.02);
  });

  test("never more blocks than users, none empty; no users, no blocks", () => {
    expect(splitIntoBlocks(Float64Array.of(5, 0, 0), 8)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(splitIntoBlocks(new Float64Array(0), 8)).toEqual([]);
    expect(splitIntoBlocks(Float64Array.of(1, 1, 1, 1), 1)).toEqual([[0, 4]]);
  });
});
