import { describe, expect, test } from "vitest";
import { rankAllUsers } from "../../src/similarity/rank-all-users.js";
import { rankUsers } from "../../src/similarity/rank-users.js";
import type { EngineInput, NeighbourLists, WeightedSets } from "../../src/similarity/types.js";

/** CSR sets from one {tag: weight} object per user. */
function sets(users: Record<number, number>[], tagCount: number): WeightedSets {
  const offsets = new Uint32Array(users.length + 1);
  const tagIds: number[] = [];
  const weights: number[] = [];
  users.forEach((tags, u) => {
    for (const [t, w] of Object.entries(tags).sort((a, b) => Number(a[0]) - Number(b[0]))) {
      tagIds.push(Number(t));
      weights.push(w);
    }
    offsets[u + 1] = tagIds.length;
  });
  return { offsets, tagIds: Uint32Array.from(tagIds), weights: Float64Array.from(weights), tagCount };
}

// Four users; interests tags a=0 b=1 c=2 (weight 1), courses tags x=0 y=1, assessments tag p=0.
//          interests    courses        assessments
//   u0     {a, b}       {x: 2}         -
//   u1     {a, b, c}    {x: 1, y: 1}   -
//   u2     {c}          -              {p: 0.5}
//   u3     -            {y: 3}         {p: 1.5}
//
// (u0, u1): interests Σmin 2 (a, b) / Σmax 3 = 2/3; courses Σmin min(2,1) = 1 / Σmax 2 + 1 = 3, so 1/3;
//           assessments: neither has any, left out. S = (2/3 + 1/3) / 2 = 1/2.
// (u1, u2): interests 1 (c) / 3 = 1/3; courses 0 (only u1); assessments 0 (only u2). S = (1/3 + 0 + 0) / 3 = 1/9.
// (u1, u3): interests 0 (only u1); courses Σmin min(1,3) = 1 / Σmax 1 + 3 = 4, so 1/4; assessments 0. S = 1/12.
// (u2, u3): interests 0; courses 0; assessments 0.5 / 1.5 = 1/3. S = 1/9, tied with (u1, u2).
// (u0, u2), (u0, u3): no tag in common anywhere, S = 0: never neighbours.
const input: EngineInput = {
  userCount: 4,
  sources: [
    sets([{ 0: 1, 1: 1 }, { 0: 1, 1: 1, 2: 1 }, { 2: 1 }, {}], 3),
    sets([{ 0: 2 }, { 0: 1, 1: 1 }, {}, { 1: 3 }], 2),
    sets([{}, {}, { 0: 0.5 }, { 0: 1.5 }], 1),
  ],
  alphas: [1, 1, 1],
};

function rows(lists: NeighbourLists) {
  return Array.from(lists.count, (count, u) =>
    Array.from({ length: count }, (_, r) => {
      const slot = u * lists.k + r;
      return [lists.neighbour[slot], lists.score[slot], ...Array.from(lists.perSource.subarray(slot * 3, slot * 3 + 3))];
    }),
  );
}

describe("four hand-worked users", () => {
  const expected = [
    [[1, 1 / 2, 2 / 3, 1 / 3, NaN]],
    [
      [0, 1 / 2, 2 / 3, 1 / 3, NaN],
      [2, 1 / 9, 1 / 3, 0, 0],
      [3, 1 / 12, 0, 1 / 4, 0],
    ],
    // The tie at 1/9 goes to the smaller index (= smaller handle): u1 before u3.
    [
      [1, 1 / 9, 1 / 3, 0, 0],
      [3, 1 / 9, 0, 0, 1 / 3],
    ],
    [
      [2, 1 / 9, 0, 0, 1 / 3],
      [1, 1 / 12, 0, 1 / 4, 0],
    ],
  ];

  test("rankUsers lists every neighbour with S > 0, best first", () => {
    const got = rows(rankUsers(input, 5));
    expect(got.map((list) => list.map((row) => row[0]))).toEqual([[1], [0, 2, 3], [1, 3], [2, 1]]);
    got.forEach((list, u) =>
      list.forEach((row, r) =>
        row.forEach((x, i) => {
          if (Number.isNaN(expected[u][r][i])) expect(x).toBeNaN();
          else expect(x).toBeCloseTo(expected[u][r][i], 15);
        }),
      ),
    );
  });

  test("k = 1 keeps the best, and the tie at 1/9 goes to the smaller index", () => {
    const lists = rankUsers(input, 1);
    expect(Array.from(lists.neighbour)).toEqual([1, 0, 1, 2]);
  });

  test("rankAllUsers gives the same lists", async () => {
    const lists = await rankAllUsers(input, 5, { workers: 2 });
    expect(rows(lists)).toEqual(rows(rankUsers(input, 5)));
  });

  test("source weights α scale each source's J in the average", () => {
    // α = (2, 1, 1): (u0, u1) = (2 · 2/3 + 1 · 1/3) / (2 + 1) = 5/9; (u1, u2) = (2 · 1/3) / 4 = 1/6.
    const lists = rankUsers({ ...input, alphas: [2, 1, 1] }, 5);
    expect(lists.score[0]).toBeCloseTo(5 / 9, 15);
    expect(lists.neighbour[5 + 1]).toBe(2);
    expect(lists.score[5 + 1]).toBeCloseTo(1 / 6, 15);
  });
});
