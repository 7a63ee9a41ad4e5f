/** Predicting a user's next items from other users' items: neighbour voting and the most-popular baseline. */

export interface Vote {
  /** The voter's items. */
  items: ReadonlySet<string> | undefined;
  /** How much the voter counts: its similarity score (1 for the random baseline). */
  weight: number;
}

/**
 * The n items with the largest total vote weight among items the user does not already have, best first, ties by
 * item name so the result does not depend on vote order.
 */
export function predictFromVotes(votes: readonly Vote[], owned: ReadonlySet<string>, n: number): string[] {
  const totals = new Map<string, number>();
  for (const { items, weight } of votes) {
    if (!items) continue;
    for (const item of items) if (!owned.has(item)) totals.set(item, (totals.get(item) ?? 0) + weight);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([item]) => item);
}

/** Items by how many users have them, most first, ties by name. */
export function popularityOrder(itemsByUser: ReadonlyMap<number, ReadonlySet<string>>): string[] {
  const counts = new Map<string, number>();
  for (const items of itemsByUser.values()) for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([item]) => item);
}

/** The first n items of `order` the user does not already have. */
export function predictPopular(order: readonly string[], owned: ReadonlySet<string>, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < order.length && out.length < n; i++) if (!owned.has(order[i])) out.push(order[i]);
  return out;
}
