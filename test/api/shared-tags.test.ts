import { expect, test } from "vitest";
import { sharedTags } from "../../src/api/shared-tags.js";

test("keeps only tags in both sets, with both weights", () => {
  const user = [
    { tag: "python", weight: 2 },
    { tag: "sql", weight: 1 },
  ];
  const neighbour = [
    { tag: "sql", weight: 0.5 },
    { tag: "r", weight: 3 },
  ];
  expect(sharedTags(user, neighbour)).toEqual([{ tag: "sql", userWeight: 1, neighbourWeight: 0.5 }]);
});

test("orders by the smaller weight (what the tag adds to Σ min), then the larger, then by tag", () => {
  // a: min 1, b: min 2, c: min 1 max 5, d: min 1 max 5 (ties c on both weights, so the tag decides)
  const user = [
    { tag: "a", weight: 1 },
    { tag: "b", weight: 2 },
    { tag: "d", weight: 5 },
    { tag: "c", weight: 1 },
  ];
  const neighbour = [
    { tag: "a", weight: 1 },
    { tag: "b", weight: 9 },
    { tag: "c", weight: 5 },
    { tag: "d", weight: 1 },
  ];
  expect(sharedTags(user, neighbour).map((t) => t.tag)).toEqual(["b", "c", "d", "a"]);
});

test("is empty when either set is", () => {
  expect(sharedTags([], [{ tag: "a", weight: 1 }])).toEqual([]);
  expect(sharedTags([{ tag: "a", weight: 1 }], [])).toEqual([]);
});
