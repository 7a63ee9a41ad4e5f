/** Inverted index over one source's tags: for each tag, the users holding it and their weights (CSR by tag). */
import type { WeightedSets } from "./types.js";

/** Tag t's postings are users[offsets[t]..offsets[t+1]) in ascending user order, weights alongside. */
export interface InvertedIndex {
  offsets: Uint32Array;
  users: Uint32Array;
  weights: Float64Array;
  /** For each entry j of the sets (user u, tag t), where u sits in t's postings: the users after it are exactly the
   *  v > u holding t, which is where a pass that visits each pair once starts. */
  positions: Uint32Array;
}

/** Builds the index for validated sets by a counting sort on tag id, O(entries + tags). Users come out ascending
 *  per tag because they are visited in order. Empty input gives tagCount + 1 zero offsets and empty postings. */
export function invertSets(sets: WeightedSets, userCount: number): InvertedIndex {
  const { offsets: userOffsets, tagIds, weights: userWeights, tagCount } = sets;
  const entries = tagIds.length;
  const offsets = new Uint32Array(tagCount + 1);
  for (let j = 0; j < entries; j++) offsets[tagIds[j] + 1]++;
  for (let t = 0; t < tagCount; t++) offsets[t + 1] += offsets[t];

  const users = new Uint32Array(entries);
  const weights = new Float64Array(entries);
  const positions = new Uint32Array(entries);
  const next = offsets.slice(0, tagCount);
  for (let u = 0; u < userCount; u++) {
    for (let j = userOffsets[u], end = userOffsets[u + 1]; j < end; j++) {
      const p = next[tagIds[j]]++;
      users[p] = u;
      weights[p] = userWeights[j];
      positions[j] = p;
    }
  }
  return { offsets, users, weights, positions };
}
