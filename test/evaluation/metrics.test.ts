import { describe, expect, it } from "vitest";
import { MeanMetrics, metricsAt } from "../../src/evaluation/metrics.js";

describe("metricsAt", () => {
  it("scores a hit at rank 2 of 2 relevant items", () => {
    // DCG = 1/log2(3) = 0.6309; ideal = 1 + 1/log2(3) = 1.6309; NDCG = 0.3869. Recall 1/2.
    const m = metricsAt(["a", "b", "c"], new Set(["b", "d"]), 10);
    expect(m.hit).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.ndcg).toBeCloseTo(0.386853, 6);
  });

  it("gives 0 everywhere when nothing predicted is relevant, and for an empty prediction", () => {
    expect(metricsAt(["a"], new Set(["b"]), 10)).toEqual({ hit: 0, recall: 0, ndcg: 0 });
    expect(metricsAt([], new Set(["b"]), 10)).toEqual({ hit: 0, recall: 0, ndcg: 0 });
  });

  it("caps the ideal DCG at N, so all of the top N relevant is an NDCG of 1 even with more relevant items", () => {
    const relevant = new Set(["a", "b", "c"]);
    const m = metricsAt(["a", "b"], relevant, 2);
    expect(m.ndcg).toBe(1);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
  });

  it("ignores predictions past N", () => {
    expect(metricsAt(["x", "a"], new Set(["a"]), 1)).toEqual({ hit: 0, recall: 0, ndcg: 0 });
  });
});

describe("MeanMetrics", () => {
  it("averages each metric over the users added", () => {
    const mean = new MeanMetrics();
    mean.add({ hit: 1, recall: 0.5, ndcg: 0.25 });
    mean.add({ hit: 0, recall: 0, ndcg: 0 });
    expect(mean.users).toBe(2);
    expect(mean.mean()).toEqual({ hit: 0.5, recall: 0.25, ndcg: 0.125 });
  });
});

describe("MeanMetrics.ndcgStandardError", () => {
  it("is the sample standard deviation of NDCG over √n", () => {
    // NDCG 1, 0, 0, 1: mean 0.5, sample variance 1/3, SE = sqrt(1/3 / 4) = 0.288675.
    const mean = new MeanMetrics();
    for (const ndcg of [1, 0, 0, 1]) mean.add({ hit: ndcg, recall: ndcg, ndcg });
    expect(mean.ndcgStandardError()).toBeCloseTo(0.288675, 6);
  });

  it("is 0 for a single user", () => {
    const mean = new MeanMetrics();
    mean.add({ hit: 1, recall: 1, ndcg: 1 });
    expect(mean.ndcgStandardError()).toBe(0);
  });
});
