/** Compares engine output with the oracle's lists, user by user, rank by rank. */
import { expect } from "vitest";
import type { NeighbourLists } from "../../src/similarity/types.js";
import type { Neighbour } from "./brute-force.js";

/** Same neighbours in the same order, scores and per-source J within 1e-9, NaN exactly where the oracle has NaN.
 *  Row r of `lists` is user firstUser + r. */
export function expectSameLists(lists: NeighbourLists, expected: Neighbour[][], sourceCount: number, firstUser = 0) {
  const { k } = lists;
  for (let row = 0; row < lists.count.length; row++) {
    const want = expected[firstUser + row];
    const got = Array.from({ length: lists.count[row] }, (_, r) => lists.neighbour[row * k + r]);
    expect(got, `neighbours of user ${firstUser + row}`).toEqual(want.map((n) => n.index));
    want.forEach((n, r) => {
      const slot = row * k + r;
      expect(Math.abs(lists.score[slot] - n.score), `score of ${firstUser + row} -> ${n.index}`).toBeLessThan(1e-9);
      for (let s = 0; s < sourceCount; s++) {
        const j = lists.perSource[slot * sourceCount + s];
        if (Number.isNaN(n.perSource[s])) expect(j, `J_${s} of ${firstUser + row} -> ${n.index}`).toBeNaN();
        else expect(Math.abs(j - n.perSource[s]), `J_${s} of ${firstUser + row} -> ${n.index}`).toBeLessThan(1e-9);
      }
    });
  }
}

/** The lists as plain arrays, for toEqual across runs (bit-identical comparison, NaN equal to NaN). */
export function plain(lists: NeighbourLists) {
  return {
    count: Array.from(lists.count),
    neighbour: Array.from(lists.neighbour),
    score: Array.from(lists.score),
    perSource: Array.from(lists.perSource),
  };
}
