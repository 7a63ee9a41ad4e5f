import { describe, expect, test } from "vitest";
import { exactAccumulations, pairWork } from "../../src/similarity/exact-work.js";
import { listsFromPartials, PairBlocks } from "../../src/similarity/pair-blocks.js";
import { rankUsers } from "../../src/similarity/rank-users.js";
import { bruteForce } from "./brute-force.js";
import { expectSameLists, plain } from "./expect-lists.js";
import { type RandomShape, randomInput } from "./random-input.js";

const shapes: (RandomShape & { k: number })[] = [
  { users: 30, tags: [6, 5, 3], weights: "dyadic", k: 5 },
  { users: 40, tags: [60, 3, 50], weights: "wide", k: 1 },
  { users: 20, tags: [5, 4, 3], weights: "dyadic", k: 50, alphas: [2, 0.5, 1] },
  { users: 301, tags: [12, 9, 5], weights: "wide", k: 10 },
  { users: 90, tags: [120, 90, 60], weights: "unit", k: 6 },
];

/** Cuts 0..n into `blocks` ranges at seeded random points. */
function cuts(n: number, blocks: number, seed: number): [number, number][] {
  const points = new Set<number>([0, n]);
  for (let i = 1; points.size < Math.min(blocks, n) + 1; i++) points.add(((seed * 7919 + i * 104729) % (n - 1)) + 1);
  const sorted = [...points].sort((a, b) => a - b);
  return sorted.slice(1).map((to, i) => [sorted[i], to]);
}

describe("pair blocks joined by listsFromPartials", () => {
  shapes.forEach((shape, i) => {
    test(`equal rankUsers bit for bit and the brute force: ${shape.users} users, tags ${shape.tags.join("/")}, k ${shape.k}`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        const input = randomInput(500 * i + seed, shape);
        const expected = rankUsers(input, shape.k);
        const blocks = new PairBlocks(input, shape.k);
        // Blocks ranked out of order, as workers of a queue finish them.
        const partials = cuts(input.userCount, seed + 1, seed).reverse().map(([from, to]) => blocks.pair(from, to));
        const joined = listsFromPartials(input, shape.k, partials);
        expect(plain(joined)).toEqual(plain(expected));
        expect(joined.accumulations).toBe(expected.accumulations);
        expectSameLists(joined, bruteForce(input, shape.k), shape.tags.length);
      }
    });
  });

  test("one block of everyone is the whole pair pass; a missing block changes the lists", () => {
    const input = randomInput(3, { users: 60, tags: [8, 6, 4], weights: "wide" });
    const blocks = new PairBlocks(input, 4);
    expect(plain(listsFromPartials(input, 4, [blocks.pair(0, 60)]))).toEqual(plain(rankUsers(input, 4)));
    const partial = listsFromPartials(input, 4, [blocks.pair(0, 30)]);
    expect(plain(partial)).not.toEqual(plain(rankUsers(input, 4)));
  });

  test("pairWork sums to the exact run's accumulations, user by user as the blocks visit them", () => {
    const input = randomInput(5, { users: 120, tags: [12, 20, 6], weights: "dyadic" });
    const work = pairWork(input);
    expect(work.reduce((a, b) => a + b, 0)).toBe(exactAccumulations(input));
    const blocks = new PairBlocks(input, 5);
    expect(blocks.pair(40, 41).accumulations).toBe(work[40]);
    expect(blocks.pair(0, 40).accumulations).toBe(work.subarray(0, 40).reduce((a, b) => a + b, 0));
  });

  test("a bad range or a block of another k is refused, naming it", () => {
    const input = randomInput(6, { users: 20, tags: [4, 3], weights: "unit" });
    const blocks = new PairBlocks(input, 3);
    expect(() => blocks.pair(5, 21)).toThrow(/21/);
    expect(() => listsFromPartials(input, 4, [blocks.pair(0, 20)])).toThrow("a block has k 3, the run has k 4");
  });
});
