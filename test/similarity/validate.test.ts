import { describe, expect, test } from "vitest";
import { rankUsers } from "../../src/similarity/rank-users.js";
import type { EngineInput, WeightedSets } from "../../src/similarity/types.js";

// Two users, one source: user 0 holds tags 0 and 2, user 1 holds tag 1.
const good = (): WeightedSets => ({
  offsets: Uint32Array.of(0, 2, 3),
  tagIds: Uint32Array.of(0, 2, 1),
  weights: Float64Array.of(1, 0.5, 2),
  tagCount: 3,
});
const input = (sets: Partial<WeightedSets> = {}, rest: Partial<EngineInput> = {}): EngineInput => ({
  userCount: 2,
  sources: [{ ...good(), ...sets }],
  alphas: [1],
  ...rest,
});

describe("rankUsers argument checks", () => {
  test.each([0, -1, 1.5, NaN])("k = %s is refused", (k) => {
    expect(() => rankUsers(input(), k)).toThrow(`k must be a positive integer, got ${k}`);
  });

  test("a negative user count is refused", () => {
    expect(() => rankUsers(input({}, { userCount: -1 }), 3)).toThrow("userCount must be an integer in 0..2147483647, got -1");
  });

  test("no sources is refused", () => {
    expect(() => rankUsers(input({}, { sources: [], alphas: [] }), 3)).toThrow("sources must hold 1 to 3 weighted sets, got 0");
  });

  test("more than three sources are refused", () => {
    const four = { sources: [good(), good(), good(), good()], alphas: [1, 1, 1, 1] };
    expect(() => rankUsers(input({}, four), 3)).toThrow("sources must hold 1 to 3 weighted sets, got 4");
  });

  test("one alpha per source is required", () => {
    expect(() => rankUsers(input({}, { alphas: [1, 1] }), 3)).toThrow(
      "alphas must have one entry per source: got 2 for 1 sources",
    );
  });

  test.each([0, -2, Infinity, NaN])("alpha %s is refused", (alpha) => {
    expect(() => rankUsers(input({}, { alphas: [alpha] }), 3)).toThrow(`alphas[0] must be positive and finite, got ${alpha}`);
  });

  test("offsets of the wrong length are refused", () => {
    expect(() => rankUsers(input({ offsets: Uint32Array.of(0, 3) }), 3)).toThrow(
      "sources[0].offsets must have userCount + 1 = 3 entries, got 2",
    );
  });

  test("offsets must start at 0 and end at the entry count", () => {
    expect(() => rankUsers(input({ offsets: Uint32Array.of(1, 2, 3) }), 3)).toThrow("sources[0].offsets[0] must be 0, got 1");
    expect(() => rankUsers(input({ offsets: Uint32Array.of(0, 2, 2) }), 3)).toThrow(
      "sources[0].offsets[2] must equal tagIds.length = 3, got 2",
    );
  });

  test("decreasing offsets are refused", () => {
    const sets = { offsets: Uint32Array.of(0, 2, 1, 3), tagIds: Uint32Array.of(0, 1, 2), weights: Float64Array.of(1, 1, 1) };
    expect(() => rankUsers(input(sets, { userCount: 3 }), 3)).toThrow(
      "sources[0].offsets must not decrease: offsets[1] = 2 > offsets[2] = 1",
    );
  });

  test("weights and tag ids of different lengths are refused", () => {
    expect(() => rankUsers(input({ weights: Float64Array.of(1, 1) }), 3)).toThrow(
      "sources[0].weights must be as long as tagIds (3), got 2",
    );
  });

  test("tag ids must be strictly ascending per user", () => {
    expect(() => rankUsers(input({ tagIds: Uint32Array.of(2, 0, 1) }), 3)).toThrow(
      "sources[0].tagIds must be strictly ascending per user: user 0 has 2 then 0 at 1",
    );
    expect(() => rankUsers(input({ tagIds: Uint32Array.of(1, 1, 1) }), 3)).toThrow(
      "sources[0].tagIds must be strictly ascending per user: user 0 has 1 then 1 at 1",
    );
  });

  test("tag ids must be below tagCount", () => {
    expect(() => rankUsers(input({ tagCount: 2 }), 3)).toThrow("sources[0].tagIds[1] must be below tagCount = 2, got 2 (user 0)");
  });

  test.each([0, -1, Infinity, NaN])("weight %s is refused", (w) => {
    expect(() => rankUsers(input({ weights: Float64Array.of(1, w, 2) }), 3)).toThrow(
      `sources[0].weights[1] must be positive and finite, got ${w} (user 0)`,
    );
  });

  test("arrays of the wrong type are refused", () => {
    const offsets = Int32Array.of(0, 2, 3) as unknown as Uint32Array;
    expect(() => rankUsers(input({ offsets }), 3)).toThrow("sources[0].offsets must be a Uint32Array");
  });

  test.each([
    [-1, 2],
    [2, 1],
    [0, 3],
    [0.5, 2],
  ])("range from %s to %s is refused", (from, to) => {
    expect(() => rankUsers(input(), 3, from, to)).toThrow(
      `from and to must be integers with 0 ≤ from ≤ to ≤ userCount = 2, got ${from}, ${to}`,
    );
  });
});
