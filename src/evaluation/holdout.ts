/**
 * Which items each user keeps and which the evaluation hides. An item is a followed tag or a viewed course; a user
 * meets it first at some time. For every user with at least `minItems` distinct items, the most recently met
 * quarter is hidden: the future the ranking must not see and the predictions are scored against.
 */

/** One row in which a user meets an item: a follow of a tag, a view of a course. */
export interface ItemEvent {
  handle: number;
  item: string;
  /** ISO-8601 text as stored (`2017-06-27T16:26:52.000+00:00`): one format, so text order is time order. */
  at: string;
  /** The row id: insertion order, which follows the CSV's order within one timestamp. */
  id: number;
}

export interface HoldoutRule {
  /** Users with fewer distinct items are not evaluated and hide nothing. */
  minItems: number;
  /** Share of a user's distinct items to hide, rounded down (so at least 1 when minItems ≥ 1 / fraction). */
  fraction: number;
}

export const defaultHoldout: HoldoutRule = { minItems: 4, fraction: 0.25 };

/**
 * The hidden items of each evaluated user. An item's time is the user's first contact with it (a tag followed
 * again later, a course watched again, is not new). Most recent first, ties by the later row (a batch of follows
 * shares one timestamp; the file lists it in order).
 */
export function holdOutRecent(events: readonly ItemEvent[], rule: HoldoutRule = defaultHoldout): Map<number, Set<string>> {
  const first = new Map<number, Map<string, ItemEvent>>();
  for (const e of events) {
    let items = first.get(e.handle);
    if (!items) first.set(e.handle, (items = new Map()));
    const seen = items.get(e.item);
    if (!seen || e.at < seen.at || (e.at === seen.at && e.id < seen.id)) items.set(e.item, e);
  }
  const hidden = new Map<number, Set<string>>();
  for (const [handle, items] of first) {
    if (items.size < rule.minItems) continue;
    const count = Math.floor(items.size * rule.fraction);
    if (count === 0) continue;
    const newestFirst = [...items.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
    hidden.set(handle, new Set(newestFirst.slice(0, count).map((e) => e.item)));
  }
  return hidden;
}

/** The events not hidden. */
export function visibleEvents<E extends ItemEvent>(events: readonly E[], hidden: ReadonlyMap<number, ReadonlySet<string>>): E[] {
  return events.filter((e) => !hidden.get(e.handle)?.has(e.item));
}

/** Each user's distinct items. */
export function itemsByUser(events: readonly ItemEvent[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const e of events) {
    let items = out.get(e.handle);
    if (!items) out.set(e.handle, (items = new Set()));
    items.add(e.item);
  }
  return out;
}
