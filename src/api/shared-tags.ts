import type { TagWeight } from "../profiles/load-profiles.js";

export interface SharedTagWeights {
  tag: string;
  userWeight: number;
  neighbourWeight: number;
}

/**
 * The tags in both weighted sets, heaviest first: by min(userWeight, neighbourWeight), which is what the tag adds
 * to the weighted Jaccard numerator, then by the larger weight, then by tag. Empty when either set is.
 */
export function sharedTags(user: readonly TagWeight[], neighbour: readonly TagWeight[]): SharedTagWeights[] {
  const theirs = new Map(neighbour.map((t) => [t.tag, t.weight]));
  const shared: SharedTagWeights[] = [];
  for (const { tag, weight } of user) {
    const neighbourWeight = theirs.get(tag);
    if (neighbourWeight !== undefined) shared.push({ tag, userWeight: weight, neighbourWeight });
  }
  return shared.sort(
    (a, b) =>
      Math.min(b.userWeight, b.neighbourWeight) - Math.min(a.userWeight, a.neighbourWeight) ||
      Math.max(b.userWeight, b.neighbourWeight) - Math.max(a.userWeight, a.neighbourWeight) ||
      (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0),
  );
}
