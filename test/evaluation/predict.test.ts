import { describe, expect, it } from "vitest";
import { popularityOrder, predictFromVotes, predictPopular } from "../../src/evaluation/predict.js";

describe("predictFromVotes", () => {
  it("ranks items by the summed scores of the neighbours having them, leaving out what the user owns", () => {
    // x: 0.5 + 0.25 = 0.75; y: 0.5; z: 0.25; a is owned.
    const votes = [
      { items: new Set(["a", "x", "y"]), weight: 0.5 },
      { items: new Set(["x", "z"]), weight: 0.25 },
    ];
    expect(predictFromVotes(votes, new Set(["a"]), 10)).toEqual(["x", "y", "z"]);
  });

  it("breaks equal totals by item name and cuts to n", () => {
    const votes = [{ items: new Set(["c", "b", "a"]), weight: 1 }];
    expect(predictFromVotes(votes, new Set(), 2)).toEqual(["a", "b"]);
  });

  it("skips a neighbour with no items of the task's kind", () => {
    expect(predictFromVotes([{ items: undefined, weight: 1 }], new Set(), 10)).toEqual([]);
  });
});

describe("predictPopular", () => {
  it("recommends the items most users have, skipping owned ones", () => {
    const byUser = new Map([
      [1, new Set(["a", "b"])],
      [2, new Set(["a", "c"])],
      [3, new Set(["a", "b"])],
    ]);
    const order = popularityOrder(byUser);
    expect(order).toEqual(["a", "b", "c"]);
    expect(predictPopular(order, new Set(["a"]), 10)).toEqual(["b", "c"]);
  });
});
