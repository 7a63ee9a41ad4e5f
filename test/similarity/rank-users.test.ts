import { describe, expect, test } from "vitest";
import { rankUsers, UserQueries } from "../../src/similarity/rank-users.js";
import { bruteForce } from "./brute-force.js";
import { expectSameLists } from "./expect-lists.js";
import { type RandomShape, randomInput } from "./random-input.js";

// Few tags make most pairs share one (the engine scans the user range); many tags make sharing rare (it follows
// its touched lists instead). Small k keeps the heaps full, so the floor filter does most rejecting.
const shapes: (RandomShape & { k: number })[] = [
  { users: 12, tags: [3, 2, 2], weights: "unit", k: 3 },
  { users: 30, tags: [6, 5, 3], weights: "dyadic", k: 5 },
  { users: 30, tags: [40, 30, 20], weights: "dyadic", k: 2 },
  { users: 25, tags: [8, 8, 4], weights: "wide", k: 4 },
  { users: 40, tags: [60, 3, 50], weights: "wide", k: 1 },
  { users: 20, tags: [5, 4, 3], weights: "dyadic", k: 50, alphas: [2, 0.5, 1] },
  { users: 35, tags: [10, 10, 10], weights: "unit", k: 7, alphas: [1, 3, 0.25] },
  { users: 16, tags: [4], weights: "wide", k: 3 },
  { users: 24, tags: [5, 1], weights: "dyadic", k: 6 },
  // Ranges longer than the dense scan's chunks (32 users, doubling to 1,024) and odd ones: the owner's floor is
  // re-read between chunks, and the kernels take two users a step.
  { users: 301, tags: [12, 9, 5], weights: "wide", k: 10 },
  { users: 263, tags: [7, 6], weights: "unit", k: 4 },
];

describe("rankUsers agrees with the brute-force definition", () => {
  shapes.forEach((shape, i) => {
    const label = `${shape.users} users, tags ${shape.tags.join("/")}, ${shape.weights} weights, k ${shape.k}`;
    test(`everyone at once, ${label} (10 seeds)`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const input = randomInput(1000 * i + seed, shape);
        const lists = rankUsers(input, shape.k);
        expectSameLists(lists, bruteForce(input, shape.k), shape.tags.length);
      }
    });
    test(`user ranges, ${label} (5 seeds)`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const input = randomInput(1000 * i + seed, shape);
        const expected = bruteForce(input, shape.k);
        const from = seed % 3;
        const to = input.userCount - (seed % 2);
        expectSameLists(rankUsers(input, shape.k, from, to), expected, shape.tags.length, from);
        expectSameLists(rankUsers(input, shape.k, to - 1, to), expected, shape.tags.length, to - 1);
      }
    });
  });
});

describe("rankUsers output", () => {
  test("a range and everyone at once give bit-identical rows", () => {
    const input = randomInput(7, { users: 40, tags: [8, 6, 4], weights: "wide" });
    const all = rankUsers(input, 5);
    const part = rankUsers(input, 5, 10, 30);
    expect(Array.from(part.count)).toEqual(Array.from(all.count.subarray(10, 30)));
    expect(Array.from(part.neighbour)).toEqual(Array.from(all.neighbour.subarray(50, 150)));
    expect(Array.from(part.score)).toEqual(Array.from(all.score.subarray(50, 150)));
    expect(Array.from(part.perSource)).toEqual(Array.from(all.perSource.subarray(150, 450)));
  });

  test("one UserQueries ranking block after block gives the same rows as everyone at once", () => {
    // Many tags: some users have fewer than 6 neighbours after one with 6, so a stale slot of the previous user
    // would show.
    const input = randomInput(11, { users: 90, tags: [120, 90, 60], weights: "wide" });
    const all = rankUsers(input, 6);
    expect(Array.from(all.count).some((c, u) => c < 6 && u > 0 && all.count[u - 1] === 6)).toBe(true);
    const queries = new UserQueries(input, 6);
    for (const [from, to] of [[0, 30], [30, 31], [31, 90]]) {
      const part = queries.lists(Int32Array.from({ length: to - from }, (_, r) => from + r));
      expect(Array.from(part.count)).toEqual(Array.from(all.count.subarray(from, to)));
      expect(Array.from(part.neighbour)).toEqual(Array.from(all.neighbour.subarray(from * 6, to * 6)));
      expect(Array.from(part.score)).toEqual(Array.from(all.score.subarray(from * 6, to * 6)));
      expect(Array.from(part.perSource)).toEqual(Array.from(all.perSource.subarray(from * 18, to * 18)));
    }
    expect(() => queries.lists([90])).toThrow("users[0] must be a user index in 0..89, got 90");
  });

  test("empty slots hold neighbour -1, score 0 and NaN per source", () => {
    // Users 0 and 1 share tag 0; user 2 shares nothing, so it has no neighbours at all.
    const input = {
      userCount: 3,
      sources: [
        { offsets: Uint32Array.of(0, 1, 2, 3), tagIds: Uint32Array.of(0, 0, 1), weights: Float64Array.of(1, 1, 1), tagCount: 2 },
      ],
      alphas: [1],
    };
    const lists = rankUsers(input, 2);
    expect(Array.from(lists.count)).toEqual([1, 1, 0]);
    expect(Array.from(lists.neighbour)).toEqual([1, -1, 0, -1, -1, -1]);
    expect(Array.from(lists.score)).toEqual([1, 0, 1, 0, 0, 0]);
    expect(Array.from(lists.perSource)).toEqual([1, NaN, 1, NaN, NaN, NaN]);
  });

  test("0 users gives empty lists with k kept", () => {
    const none = { offsets: Uint32Array.of(0), tagIds: new Uint32Array(0), weights: new Float64Array(0), tagCount: 0 };
    const input = { userCount: 0, sources: [none], alphas: [1] };
    const lists = rankUsers(input, 20);
    expect(lists.k).toBe(20);
    expect(lists.count.length).toBe(0);
    expect(lists.neighbour.length).toBe(0);
    expect(lists.accumulations).toBe(0);
  });

  test("an empty range gives empty lists", () => {
    const input = randomInput(3, { users: 10, tags: [4, 4, 4], weights: "unit" });
    expect(rankUsers(input, 3, 4, 4).count.length).toBe(0);
  });

  test("accumulations count each pair's shared postings once when ranking everyone", () => {
    // One source, tag 0 held by users 0, 1, 2 and tag 1 by users 1, 2: pairs visited are
    // tag 0: (0,1) (0,2) (1,2) and tag 1: (1,2), so 4 entries; a query of user 1 alone visits 3 + 2 = 5.
    const input = {
      userCount: 3,
      sources: [
        {
          offsets: Uint32Array.of(0, 1, 3, 5),
          tagIds: Uint32Array.of(0, 0, 1, 0, 1),
          weights: new Float64Array(5).fill(1),
          tagCount: 2,
        },
      ],
      alphas: [1],
    };
    expect(rankUsers(input, 2).accumulations).toBe(4);
    expect(rankUsers(input, 2, 1, 2).accumulations).toBe(5);
  });
});
