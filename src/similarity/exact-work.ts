/** What an exact run of everyone will cost, known from the input before any pair is touched: the auto switch's
 *  predictor between the exact engine and the approximate method. */
import type { EngineInput } from "./types.js";

/** The exact engine's accumulations for everyone: Σ over sources and tags of df_t(df_t − 1)/2 (each pair sharing
 *  the tag once), exactly what rankUsers / rankAllUsers report as `accumulations`. The run's time grows with it
 *  (≈ 4-5 ns each on this machine, README "Performance"), and it grows as N² with a fixed tag vocabulary. */
export function exactAccumulations(input: EngineInput): number {
  let total = 0;
  for (const { tagIds, tagCount } of input.sources) {
    const df = new Uint32Array(tagCount);
    for (let j = 0; j < tagIds.length; j++) df[tagIds[j]]++;
    for (let t = 0; t < tagCount; t++) total += (df[t] * (df[t] - 1)) / 2;
  }
  return total;
}
