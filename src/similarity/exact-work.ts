/** What an exact run of everyone will cost, known from the input before any pair is touched: the auto switch's
 *  predictor between the exact engine and the approximate method, and the queue's split into blocks of equal work. */
import type { EngineInput, WeightedSets } from "./types.js";

/** The exact engine's accumulations for everyone: Σ over sources and tags of df_t(df_t − 1)/2 (each pair sharing
 *  the tag once), exactly what rankUsers / rankAllUsers report as `accumulations`. The run's time grows with it
 *  (≈ 4-5 ns each on this machine, README "Performance"), and it grows as N² with a fixed tag vocabulary. */
export function exactAccumulations(input: EngineInput): number {
  let total = 0;
  for (const sets of input.sources) {
    const df = documentFrequencies(sets);
    for (let t = 0; t < sets.tagCount; t++) total += (df[t] * (df[t] - 1)) / 2;
  }
  return total;
}

/** Per user u, the entries pairing u with the users after it visits (Σ over u's tags of the postings after u):
 *  what a pair block costs (pair-blocks.ts), for cutting users into blocks of about equal work. Sums to
 *  exactAccumulations. */
export function pairWork(input: EngineInput): Float64Array {
  const work = new Float64Array(input.userCount);
  for (const sets of input.sources) {
    const { offsets, tagIds, tagCount } = sets;
    const df = documentFrequencies(sets);
    const seen = new Uint32Array(tagCount);
    for (let u = 0; u < input.userCount; u++) {
      for (let j = offsets[u]; j < offsets[u + 1]; j++) work[u] += df[tagIds[j]] - ++seen[tagIds[j]];
    }
  }
  return work;
}

/** df per tag: how many users hold it. */
function documentFrequencies({ tagIds, tagCount }: WeightedSets): Uint32Array {
  const df = new Uint32Array(tagCount);
  for (let j = 0; j < tagIds.length; j++) df[tagIds[j]]++;
  return df;
}
