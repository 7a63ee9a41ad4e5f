/**
 * Weighted Jaccard similarity, per source, and how sources combine into one score.
 *
 * Each user u has, per source s (interests, courses, assessments), a weighted tag set w_s(u, t) ≥ 0, 0 meaning the
 * tag is absent. Across the union of both users' tags:
 *
 *   J_s(a, b) = Σ_t min(w_a, w_b) / Σ_t max(w_a, w_b)
 *
 * J_s is defined for a pair when a or b has a non-empty set in s: it is 0 when only one of them has data there, and
 * the source is left out when neither has. The score averages the defined sources with weights α_s > 0:
 *
 *   S(a, b) = Σ α_s · J_s(a, b) / Σ α_s        (both sums over the sources defined for the pair)
 *
 * The engine never forms the union: since min + max = w_a + w_b for every tag,
 * Σ max = |a|₁ + |b|₁ − Σ min, so one pass over the shared tags (Σ min) and each user's L1 norm give J_s. The inner
 * loops that do this are the kernels in wasm/kernels.ts, driven by ranker.ts.
 */
import type { WeightedSets } from "./types.js";

/** Each user's L1 norm |u|₁ (sum of weights) in one source; 0 for an empty set. Summed in ascending tag order, the
 *  order the engine accumulates Σ min in, so two identical sets give Σ min = |a|₁ = |b|₁ exactly and J = 1. */
export function l1Norms(sets: WeightedSets, userCount: number): Float64Array {
  const norms = new Float64Array(userCount);
  const { offsets, weights } = sets;
  for (let u = 0; u < userCount; u++) {
    let sum = 0;
    for (let j = offsets[u], end = offsets[u + 1]; j < end; j++) sum += weights[j];
    norms[u] = sum;
  }
  return norms;
}
