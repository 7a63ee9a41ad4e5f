import { describe, expect, it } from "vitest";
import type { SourceRow } from "../../src/profiles/source-rows.js";
import { evaluatePopular, evaluateRandom, evaluateSetting } from "../../src/evaluation/run-evaluation.js";
import { defaultSetting } from "../../src/evaluation/settings.js";
import type { Task } from "../../src/evaluation/tasks.js";

// Interests only. User 1 follows a, b, c and has d hidden. User 2 follows a, b, c, d: J(1, 2) = 3/4.
// User 3 follows a only: J(1, 3) = 1/3. Users 4 and 5 follow x and y and share nothing with user 1.
// With k = 1, user 1's one neighbour is user 2, whose only new tag is d: a hit at rank 1 (NDCG 1).
// Popularity over visible tags: a (3 users), then b, c, x, y (2 each, by name), then d (1): for user 1, who owns
// a, b, c, the list is x, y, d, so d is at rank 3: NDCG = 1/log2(4) = 0.5.
const items: Record<number, string[]> = { 1: ["a", "b", "c"], 2: ["a", "b", "c", "d"], 3: ["a"], 4: ["x", "y"], 5: ["x", "y"] };
const rows: SourceRow[] = Object.entries(items).flatMap(([h, tags]) => tags.map((tag) => ({ handle: Number(h), tag, weight: 1 })));
const task: Task = {
  name: "interests",
  rows: [rows, [], []],
  hidden: new Map([[1, new Set(["d"])]]),
  items: new Map(Object.entries(items).map(([h, tags]) => [Number(h), new Set(tags)])),
};

describe("evaluateSetting", () => {
  it("predicts the hidden tag from the nearest neighbour's tags", async () => {
    const [row] = await evaluateSetting(task, defaultSetting, [1], 1);
    expect(row).toMatchObject({ task: "interests", method: "weighted Jaccard (default)", k: 1, users: 1 });
    expect(row.metrics).toEqual({ hit: 1, recall: 1, ndcg: 1 });
  });

  it("reports one row per k from one ranking", async () => {
    const result = await evaluateSetting(task, defaultSetting, [1, 2], 1);
    expect(result.map((r) => r.k)).toEqual([1, 2]);
    // k = 2 adds user 3 (only a, owned): the prediction is still d alone.
    expect(result[1].metrics).toEqual({ hit: 1, recall: 1, ndcg: 1 });
  });
});

describe("baselines", () => {
  it("puts the hidden tag third for the popularity baseline", () => {
    const row = evaluatePopular(task);
    expect(row).toMatchObject({ method: "most followed tags", k: null, users: 1 });
    expect(row.metrics.hit).toBe(1);
    expect(row.metrics.ndcg).toBeCloseTo(0.5, 12);
  });

  it("draws k distinct random neighbours other than the user, so with k = 4 everyone else votes and d is found", () => {
    // All four others vote with weight 1: x and y (2 votes each) beat d (1 vote): d is third, NDCG 0.5.
    const [row] = evaluateRandom(task, [4], 1);
    expect(row.method).toBe("random neighbours");
    expect(row.metrics.ndcg).toBeCloseTo(0.5, 12);
  });
});
