/**
 * The test oracle: the similarity definition written out directly, with none of the engine's shortcuts. Each pair's
 * per-source J comes from maps over the two tag sets (Σ min over Σ max across the union of tags), each user's list
 * from scoring every other user and sorting. Quadratic and slow on purpose; only for small inputs.
 */
import type { EngineInput } from "../../src/similarity/types.js";

export interface Neighbour {
  index: number;
  score: number;
  /** J_s per source, NaN where neither user has data in s. */
  perSource: number[];
}

function tagMap(input: EngineInput, s: number, user: number): Map<number, number> {
  const { offsets, tagIds, weights } = input.sources[s];
  const map = new Map<number, number>();
  for (let j = offsets[user]; j < offsets[user + 1]; j++) map.set(tagIds[j], weights[j]);
  return map;
}

/** J_s(a, b) = Σ_t min / Σ_t max over the union of both tag sets; NaN when both sets are empty. */
export function jaccard(a: Map<number, number>, b: Map<number, number>): number {
  if (a.size === 0 && b.size === 0) return NaN;
  let sumMin = 0;
  let sumMax = 0;
  for (const tag of [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y)) {
    const wa = a.get(tag) ?? 0;
    const wb = b.get(tag) ?? 0;
    sumMin += Math.min(wa, wb);
    sumMax += Math.max(wa, wb);
  }
  return sumMin / sumMax;
}

/** Every user's neighbours (S > 0), best first, ties by smaller index, cut to k. */
export function bruteForce(input: EngineInput, k: number): Neighbour[][] {
  const maps = input.sources.map((_, s) => Array.from({ length: input.userCount }, (_, u) => tagMap(input, s, u)));
  const lists: Neighbour[][] = [];
  for (let u = 0; u < input.userCount; u++) {
    const all: Neighbour[] = [];
    for (let v = 0; v < input.userCount; v++) {
      if (v === u) continue;
      const perSource = input.sources.map((_, s) => jaccard(maps[s][u], maps[s][v]));
      let weighted = 0;
      let alphaSum = 0;
      perSource.forEach((j, s) => {
        if (Number.isNaN(j)) return;
        weighted += input.alphas[s] * j;
        alphaSum += input.alphas[s];
      });
      const score = alphaSum > 0 ? weighted / alphaSum : 0;
      if (score > 0) all.push({ index: v, score, perSource });
    }
    all.sort((a, b) => b.score - a.score || a.index - b.index);
    lists.push(all.slice(0, k));
  }
  return lists;
}
