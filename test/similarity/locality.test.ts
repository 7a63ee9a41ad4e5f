import { describe, expect, test } from "vitest";
import { localityOrder, permuteInput } from "../../src/similarity/locality.js";
import { type Profile, inputOf, randomInput } from "./random-input.js";

describe("localityOrder", () => {
  test("is a permutation, the same for the same input, and permuteInput moves whole sets", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const input = randomInput(seed, { users: 200, tags: [30, 20, 5], weights: "wide" });
      const order = localityOrder(input);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
      expect(localityOrder(input)).toEqual(order);
      const moved = permuteInput(input, order);
      input.sources.forEach((sets, s) => {
        const to = moved.sources[s];
        expect(to.tagCount).toBe(sets.tagCount);
        for (let i = 0; i < 200; i++) {
          const u = order[i];
          const span = (x: typeof sets, v: number) => [x.offsets[v], x.offsets[v + 1]] as const;
          const [a, b] = span(sets, u);
          const [c, d] = span(to, i);
          expect(Array.from(to.tagIds.subarray(c, d))).toEqual(Array.from(sets.tagIds.subarray(a, b)));
          expect(Array.from(to.weights.subarray(c, d))).toEqual(Array.from(sets.weights.subarray(a, b)));
        }
      });
    }
  });

  test("puts users of the same tag community next to each other", () => {
    // Three communities of 40 users over disjoint tags (0-9, 10-19, 20-29), interleaved by index.
    const profiles: Profile[] = Array.from({ length: 120 }, (_, u) => {
      const community = u % 3;
      const tags = new Map<number, number>();
      for (let j = 0; j < 4; j++) tags.set(community * 10 + ((u * 7 + j * 3) % 10), 1);
      return [tags];
    });
    const order = localityOrder(inputOf(profiles, { tags: [30] }));
    // Each run of 40 consecutive internal users is one community.
    for (let block = 0; block < 3; block++) {
      const communities = new Set(Array.from(order.subarray(block * 40, block * 40 + 40), (u) => u % 3));
      expect(communities.size).toBe(1);
    }
  });
});
