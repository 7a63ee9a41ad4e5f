/** Seeded random engine inputs for comparing the engine with the oracle: small, and full of the awkward cases. */
import { mulberry32 } from "../bench/stats.js";
import type { EngineInput, WeightedSets } from "../../src/similarity/types.js";

export interface RandomShape {
  users: number;
  /** Tags per source; few tags make shared tags, and so ties, likely. */
  tags: number[];
  /** How weights are drawn: "unit" (all 1), "dyadic" (k/8, exact in binary, so exact ties stay exact), "wide"
   *  (1e-6 to 1e6, log-uniform). */
  weights: "unit" | "dyadic" | "wide";
  alphas?: number[];
}

/** A random input: each user gets, per source, no data (often), one tag, or several; a few users copy an earlier
 *  user's profile exactly, so identical profiles (exact ties) occur. */
export function randomInput(seed: number, shape: RandomShape): EngineInput {
  return inputOf(randomProfiles(seed, shape), shape);
}

/** One user's weighted tags, per source: tag id → weight. */
export type Profile = Map<number, number>[];

/** randomInput's profiles, before they become CSR arrays. */
export function randomProfiles(seed: number, shape: RandomShape): Profile[] {
  const random = mulberry32(seed);
  const { users, tags } = shape;
  const weight = () =>
    shape.weights === "unit" ? 1 : shape.weights === "dyadic" ? (1 + Math.floor(random() * 16)) / 8 : 10 ** (12 * random() - 6);
  const profiles: Map<number, number>[][] = [];
  for (let u = 0; u < users; u++) {
    if (u > 0 && random() < 0.15) {
      profiles.push(profiles[Math.floor(random() * u)].map((m) => new Map(m)));
      continue;
    }
    profiles.push(
      tags.map((tagCount) => {
        const m = new Map<number, number>();
        const r = random();
        const size = r < 0.35 ? 0 : r < 0.6 ? 1 : 1 + Math.floor(random() * Math.min(tagCount, 6));
        while (m.size < Math.min(size, tagCount)) m.set(Math.floor(random() * tagCount), weight());
        return m;
      }),
    );
  }
  return profiles;
}

/** The engine input of `profiles` (user i = profiles[i]) in the shape's sources. */
export function inputOf(profiles: readonly Profile[], shape: Pick<RandomShape, "tags" | "alphas">): EngineInput {
  const { tags } = shape;
  const users = profiles.length;
  const sources: WeightedSets[] = tags.map((tagCount, s) => {
    const offsets = new Uint32Array(users + 1);
    const tagIds: number[] = [];
    const weights: number[] = [];
    for (let u = 0; u < users; u++) {
      for (const [t, w] of [...profiles[u][s]].sort((a, b) => a[0] - b[0])) {
        tagIds.push(t);
        weights.push(w);
      }
      offsets[u + 1] = tagIds.length;
    }
    return { offsets, tagIds: Uint32Array.from(tagIds), weights: Float64Array.from(weights), tagCount };
  });
  return { userCount: users, sources, alphas: shape.alphas ?? tags.map(() => 1) };
}
