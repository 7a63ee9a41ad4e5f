import { describe, expect, test } from "vitest";
import { approximateAllUsers, approximateUsers } from "../../src/similarity/approximate.js";
import { rankUsers } from "../../src/similarity/rank-users.js";
import type { EngineInput, NeighbourLists } from "../../src/similarity/types.js";
import { bruteForce } from "./brute-force.js";
import { plain } from "./expect-lists.js";
import { type RandomShape, randomInput } from "./random-input.js";

// Internal lists much shorter than the user count, so the method has something to miss and its joins matter.
const shapes: (RandomShape & { k: number; neighbours: number })[] = [
  { users: 60, tags: [6, 5, 3], weights: "dyadic", k: 5, neighbours: 8 },
  { users: 80, tags: [20, 15, 6], weights: "wide", k: 4, neighbours: 6, alphas: [1, 2, 0.5] },
  { users: 50, tags: [4], weights: "unit", k: 6, neighbours: 6 },
  { users: 120, tags: [12, 9, 5], weights: "wide", k: 10, neighbours: 12 },
  { users: 90, tags: [40, 30, 20], weights: "dyadic", k: 3, neighbours: 5 },
];

/** Every pair's exact-engine score and per-source J, from the exact engine's lists of everyone (k = n − 1). */
function exactPairs(input: EngineInput) {
  const n = input.userCount;
  const S = input.sources.length;
  const lists = rankUsers(input, Math.max(1, n - 1));
  const pairs = new Map<number, { score: number; perSource: number[] }>();
  for (let u = 0; u < n; u++) {
    for (let r = 0; r < lists.count[u]; r++) {
      const slot = u * lists.k + r;
      const perSource = Array.from(lists.perSource.subarray(slot * S, slot * S + S));
      pairs.set(u * n + lists.neighbour[slot], { score: lists.score[slot], perSource });
    }
  }
  return pairs;
}

describe("approximateUsers", () => {
  shapes.forEach((shape, i) => {
    const label = `${shape.users} users, tags ${shape.tags.join("/")}, ${shape.weights}, k ${shape.k}, K ${shape.neighbours}`;
    test(`lists only true neighbours, best first, each with the reference's score to 1e-12 and the exact engine's bit for bit: ${label} (8 seeds, both starts, both orders)`, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const input = randomInput(500 * i + seed, shape);
        const n = input.userCount;
        const S = input.sources.length;
        const reference = bruteForce(input, n);
        const exact = exactPairs(input);
        const start = seed % 2 === 0 ? "sorted" : "random";
        const order = seed % 4 < 2 ? "locality" : "index";
        const { lists } = approximateUsers(input, shape.k, { neighbours: shape.neighbours, seed, start, order, blockUsers: 16 });
        for (let u = 0; u < n; u++) {
          const truth = new Map(reference[u].map((nb) => [nb.index, nb]));
          const seen = new Set<number>();
          expect(lists.count[u]).toBeLessThanOrEqual(shape.k);
          for (let r = 0; r < lists.count[u]; r++) {
            const slot = u * shape.k + r;
            const v = lists.neighbour[slot];
            const want = truth.get(v);
            expect(want, `${u} -> ${v} is a neighbour`).toBeDefined();
            expect(seen.has(v), `${u} lists ${v} once`).toBe(false);
            seen.add(v);
            expect(Math.abs(lists.score[slot] - want!.score), `score of ${u} -> ${v}`).toBeLessThan(1e-12);
            expect(Object.is(lists.score[slot], exact.get(u * n + v)!.score), `exact engine's score of ${u} -> ${v}`).toBe(true);
            for (let s = 0; s < S; s++) {
              const j = lists.perSource[slot * S + s];
              expect(Object.is(j, exact.get(u * n + v)!.perSource[s]), `J_${s} of ${u} -> ${v}`).toBe(true);
              if (Number.isNaN(want!.perSource[s])) expect(j).toBeNaN();
              else expect(Math.abs(j - want!.perSource[s])).toBeLessThan(1e-12);
            }
            if (r > 0) {
              const prev = lists.score[slot - 1];
              const ordered = prev > lists.score[slot] || (prev === lists.score[slot] && lists.neighbour[slot - 1] < v);
              expect(ordered, `${u}'s list in strict order at rank ${r}`).toBe(true);
            }
          }
          for (let r = lists.count[u]; r < shape.k; r++) expect(lists.neighbour[u * shape.k + r]).toBe(-1);
        }
      }
    });
  });

  test("with room for everyone (K ≥ n − 1) gives exactly the exact engine's lists, ties to the smaller original index in either order", () => {
    for (let seed = 1; seed <= 6; seed++) {
      for (const shape of shapes) {
        const input = randomInput(77 * seed, { ...shape, users: 25 });
        const exact = plain(rankUsers(input, shape.k));
        for (const order of ["locality", "index"] as const) {
          expect(plain(approximateUsers(input, shape.k, { neighbours: 24, seed, order }).lists)).toEqual(exact);
        }
      }
    }
  });

  test("finds most neighbours on a clustered input, and later iterations find more than the first", () => {
    const input = randomInput(3, { users: 400, tags: [30, 40, 8], weights: "dyadic" });
    const exact = rankUsers(input, 10);
    const hits = (lists: NeighbourLists) => {
      let found = 0;
      for (let u = 0; u < 400; u++) {
        const truth = new Set(exact.neighbour.subarray(u * 10, u * 10 + exact.count[u]));
        for (let r = 0; r < lists.count[u]; r++) if (truth.has(lists.neighbour[u * 10 + r])) found++;
      }
      return found / exact.count.reduce((a, b) => a + b, 0);
    };
    for (const start of ["random", "sorted"] as const) {
      const descended = hits(approximateUsers(input, 10, { neighbours: 15, start }).lists);
      const afterOne = hits(approximateUsers(input, 10, { neighbours: 15, start, iterations: 1, delta: 0.99 }).lists);
      expect(descended).toBeGreaterThan(0.85);
      expect(descended).toBeGreaterThan(afterOne + 0.2);
    }
  });

  test("reports the parameters it used, defaults filled in, and checks them by name", () => {
    const input = randomInput(1, { users: 30, tags: [5], weights: "unit" });
    expect(approximateUsers(input, 5).params).toEqual({
      neighbours: 30, maxCandidates: 30, iterations: 12, delta: 0.001, seed: 1, start: "random", blockUsers: 2048, order: "locality",
    });
    expect(approximateUsers(input, 40).params.neighbours).toBe(40);
    expect(() => approximateUsers(input, 5, { neighbours: 4 })).toThrow("neighbours must be at least k = 5, got 4");
    expect(() => approximateUsers(input, 5, { maxCandidates: 0 })).toThrow("maxCandidates must be a positive integer, got 0");
    expect(() => approximateUsers(input, 5, { delta: 1 })).toThrow("delta must be in [0, 1), got 1");
    // @ts-expect-error: a value from outside TypeScript (a command line)
    expect(() => approximateUsers(input, 5, { start: "rarest" })).toThrow('start must be "random" or "sorted", got rarest');
    // @ts-expect-error: likewise
    expect(() => approximateUsers(input, 5, { order: "handle" })).toThrow('order must be "locality" or "index", got handle');
    expect(() => approximateUsers(input, 5, { seed: -1 })).toThrow("seed must be an integer in 0..4294967295, got -1");
    expect(() => approximateUsers(input, 0)).toThrow("k must be a positive integer, got 0");
  });

  test("keeps the graph and the candidate lists apart from the sets, each in its own memory", () => {
    const input = randomInput(3, { users: 3000, tags: [30, 20, 8], weights: "wide" });
    const run = (neighbours: number, maxCandidates: number) =>
      approximateUsers(input, 5, { neighbours, maxCandidates, iterations: 1 }).memoryBytes;
    const narrow = run(10, 10);
    const deep = run(40, 10);
    const wide = run(40, 40);
    // K = 40 instead of 10: 30 more graph entries a user (id, score, flag: 16 bytes), none of them in the sets'.
    expect(deep.graph - narrow.graph).toBeGreaterThanOrEqual(3000 * 30 * 16);
    expect(deep.sets).toBe(narrow.sets);
    // 40 candidates instead of 10, new and old (id and priority: 8 bytes each): in the candidates' memory.
    expect(wide.candidates - deep.candidates).toBeGreaterThanOrEqual(3000 * 30 * 8 * 2);
  });

  test("0 users gives empty lists", async () => {
    const none = { offsets: Uint32Array.of(0), tagIds: new Uint32Array(0), weights: new Float64Array(0), tagCount: 0 };
    const input = { userCount: 0, sources: [none], alphas: [1] };
    expect(approximateUsers(input, 5).lists.count.length).toBe(0);
    expect((await approximateAllUsers(input, 5, { workers: 2 })).lists.count.length).toBe(0);
  });
});

describe("approximateAllUsers", () => {
  // Several join blocks, and a range of users per worker that differs with the worker count.
  const input = randomInput(9, { users: 400, tags: [30, 40, 8], weights: "wide", alphas: [1, 2, 0.5] });
  const options = { neighbours: 12, maxCandidates: 10, blockUsers: 48 };

  test.each([
    ["random", "locality"],
    ["sorted", "locality"],
    ["random", "index"],
  ] as const)("gives bit-identical lists for 1, 2 and 3 workers and on the calling thread, for a given seed (%s start, %s order)", async (start, order) => {
    const single = approximateUsers(input, 8, { ...options, seed: 5, start, order });
    for (const workers of [1, 2, 3]) {
      const threaded = await approximateAllUsers(input, 8, { ...options, seed: 5, start, order, workers });
      expect(plain(threaded.lists)).toEqual(plain(single.lists));
      expect(threaded.stats).toEqual(single.stats);
    }
    // The seed is what the lists depend on: another seed takes other paths (and finds other pairs here).
    const other = approximateUsers(input, 8, { ...options, seed: 6, start, order });
    expect(other.stats.pairsScored).not.toBe(single.stats.pairsScored);
  });

  test("calls onIteration once per iteration with its inserts, and stops early below delta · N · K", async () => {
    const calls: [number, number][] = [];
    const result = await approximateAllUsers(input, 8, { ...options, workers: 2, onIteration: (i, n) => calls.push([i, n]) });
    expect(calls).toEqual(result.stats.inserted.map((n, i) => [i, n]));
    expect(result.stats.iterations).toBeLessThan(12);
    expect(result.stats.inserted.at(-1)!).toBeLessThan(0.001 * 400 * 12);
  });
});
