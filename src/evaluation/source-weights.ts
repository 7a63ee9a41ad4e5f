/**
 * The interests and courses sources' weighted rows rebuilt from raw rows, so a ranking can run without the hidden
 * ones. The formulas must stay identical to the SQL in src/profiles/source-rows.ts (the one definition the engine
 * ranks with); test/evaluation/source-weights.test.ts checks that, on unhidden data, these equal sourceRows.
 */
import type { SourceRow } from "../profiles/source-rows.js";
import type { ItemEvent } from "./holdout.js";

/** A view as stored: `item` is the course id. */
export interface ViewEvent extends ItemEvent {
  seconds: number;
}

/** Interests: w = 1 for each distinct tag a user follows. Tags arrive normalized (lower(trim())) from SQL. */
export function interestRows(follows: readonly ItemEvent[]): SourceRow[] {
  const rows: SourceRow[] = [];
  const seen = new Set<string>();
  for (const f of follows) {
    const key = `${f.handle}\u0000${f.item}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ handle: f.handle, tag: f.item, weight: 1 });
  }
  return rows;
}

/**
 * Courses: w = ln(1 + T/60), T = the user's total seconds over views of courses carrying the tag (each normalized
 * tag counted once per course); tags with T = 0 are absent. `courseTags` maps a course id to its distinct
 * normalized non-blank tags.
 */
export function courseRows(views: readonly ViewEvent[], courseTags: ReadonlyMap<string, readonly string[]>): SourceRow[] {
  const totals = new Map<number, Map<string, number>>();
  for (const v of views) {
    const tags = courseTags.get(v.item);
    if (!tags) continue;
    let perTag = totals.get(v.handle);
    if (!perTag) totals.set(v.handle, (perTag = new Map()));
    for (const tag of tags) perTag.set(tag, (perTag.get(tag) ?? 0) + v.seconds);
  }
  const rows: SourceRow[] = [];
  for (const [handle, perTag] of totals) {
    for (const [tag, seconds] of perTag) if (seconds > 0) rows.push({ handle, tag, weight: Math.log(1 + seconds / 60) });
  }
  return rows;
}
