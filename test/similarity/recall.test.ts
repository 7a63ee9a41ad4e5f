import { describe, expect, test } from "vitest";
import { exactAccumulations } from "../../src/similarity/exact-work.js";
import { measureRecall, recallOf, sampleUsers, userRecall } from "../../src/similarity/recall.js";
import { queryUsers, rankUsers } from "../../src/similarity/rank-users.js";
import type { NeighbourLists } from "../../src/similarity/types.js";
import { randomInput } from "./random-input.js";

/** Lists with k slots per row from [neighbour, score] pairs, best first. */
function listsOf(k: number, rows: [number, number][][]): NeighbourLists {
  const lists: NeighbourLists = {
    k,
    count: Uint32Array.from(rows, (row) => row.length),
    neighbour: new Int32Array(rows.length * k).fill(-1),
    score: new Float64Array(rows.length * k),
    perSource: new Float64Array(0),
    accumulations: 0,
  };
  rows.forEach((row, i) => row.forEach(([v, s], r) => {
    lists.neighbour[i * k + r] = v;
    lists.score[i * k + r] = s;
  }));
  return lists;
}

/** A copy of `lists` with every `every`-th neighbour of each row removed (the rest move up). */
function dropping(lists: NeighbourLists, every: number): NeighbourLists {
  const rows = Array.from(lists.count, (count, i) =>
    Array.from({ length: count }, (_, r): [number, number] => [lists.neighbour[i * lists.k + r], lists.score[i * lists.k + r]])
      .filter((_, r) => r % every !== every - 1),
  );
  return listsOf(lists.k, rows);
}

describe("recall", () => {
  const input = randomInput(4, { users: 300, tags: [30, 40, 8], weights: "wide" });
  const exact = rankUsers(input, 20);

  test("is 1 for the exact lists, and below 1 for a method that drops neighbours", () => {
    // Users without any neighbour (no data here) have nothing to find and are left out of the average.
    const withNeighbours = Array.from(sampleUsers(300, 100, 3)).filter((u) => exact.count[u] > 0).length;
    expect(withNeighbours).toBeLessThan(100);
    expect(measureRecall(input, exact, 100, 3)).toEqual({ at5: 1, at20: 1, sample: 100, counted: withNeighbours });
    const dropped = measureRecall(input, dropping(exact, 4), 100, 3);
    expect(dropped.at5).toBeLessThan(1);
    expect(dropped.at20).toBeLessThan(1);
    // Dropping every 4th of 20 loses 5: the run's top 20 holds 15 of the exact 20 (the synthetic ties aside).
    expect(dropped.at20).toBeCloseTo(0.75, 1);
  });

  test("counts a neighbour tied with the exact k-th score as found, and averages a hand-built case exactly", () => {
    // User 0's exact top 5 ends on a tie at 0.5 that 8 lost on index; a run naming 8 instead of 7 found all 5.
    const truth = listsOf(5, [
      [[1, 0.9], [2, 0.8], [3, 0.7], [6, 0.5], [7, 0.5]],
      [[0, 0.6], [4, 0.4]],
      [],
    ]);
    const run = listsOf(5, [
      [[1, 0.9], [3, 0.7], [6, 0.5], [8, 0.5], [5, 0.45]],
      [[4, 0.4]],
      [],
    ]);
    expect(userRecall(truth, 0, run, 0, 5)).toBe(4 / 5); // 2 is missing; 8 counts for 7
    expect(userRecall(truth, 1, run, 1, 5)).toBe(1 / 2);
    expect(userRecall(truth, 0, run, 0, 2)).toBe(1 / 2); // top 2: 1 found, 2 missed (3 is not in the top 2)
    expect(userRecall(truth, 2, run, 2, 5)).toBeNaN();
    const recall = recallOf(truth, [0, 1, 2], run);
    expect(recall.counted).toBe(2);
    expect(recall.at5).toBeCloseTo((4 / 5 + 1 / 2) / 2, 15);
    expect(recall.at20).toBeCloseTo((4 / 5 + 1 / 2) / 2, 15); // fewer than 20 neighbours: the same lists
  });

  test("samples distinct users, ascending, the same for the same seed", () => {
    const a = sampleUsers(1000, 50, 9);
    expect(new Set(a).size).toBe(50);
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
    expect(Array.from(sampleUsers(1000, 50, 9))).toEqual(Array.from(a));
    expect(Array.from(sampleUsers(1000, 50, 10))).not.toEqual(Array.from(a));
    expect(Array.from(sampleUsers(5, 10, 1))).toEqual([0, 1, 2, 3, 4]);
  });

  test("refuses a run with fewer than 20 neighbours a row, naming k", () => {
    expect(() => measureRecall(input, rankUsers(input, 10), 10, 1)).toThrow("at least 20 neighbours for recall@20, got k = 10");
  });
});

describe("queryUsers", () => {
  test("gives each listed user's row of the exact lists, bit for bit, in the order given", () => {
    const input = randomInput(8, { users: 200, tags: [12, 9, 5], weights: "wide" });
    const all = rankUsers(input, 7);
    const users = [150, 3, 99, 3, 0];
    const some = queryUsers(input, 7, users);
    users.forEach((u, r) => {
      expect(some.count[r]).toBe(all.count[u]);
      expect(Array.from(some.neighbour.subarray(r * 7, r * 7 + 7))).toEqual(Array.from(all.neighbour.subarray(u * 7, u * 7 + 7)));
      expect(Array.from(some.score.subarray(r * 7, r * 7 + 7))).toEqual(Array.from(all.score.subarray(u * 7, u * 7 + 7)));
      expect(Array.from(some.perSource.subarray(r * 21, r * 21 + 21))).toEqual(Array.from(all.perSource.subarray(u * 21, u * 21 + 21)));
    });
    expect(() => queryUsers(input, 7, [200])).toThrow("users[0] must be a user index in 0..199, got 200");
  });
});

describe("exactAccumulations", () => {
  test("predicts the exact run's accumulations before any pair is touched", () => {
    for (const seed of [1, 2, 3]) {
      const input = randomInput(seed, { users: 150 + seed, tags: [12, 20, 6], weights: "dyadic" });
      const predicted = exactAccumulations(input);
      expect(predicted).toBeGreaterThan(0);
      expect(predicted).toBe(rankUsers(input, 5).accumulations);
    }
  });
});
