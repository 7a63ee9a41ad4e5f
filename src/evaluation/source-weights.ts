/**
 * The interests and courses sources' weighted rows rebuilt from raw rows, so a ranking can run without the hidden
 * ones: the events go through the engine's own weighing (src/profiles/weigh-sources.ts), so the formulas have one
 * definition; test/evaluation/source-weights.test.ts checks that, on unhidden data, these equal sourceRows.
 */
import { int32Column } from "../profiles/columns.js";
import type { SourceRow } from "../profiles/source-rows.js";
import { Interner } from "../profiles/tag-names.js";
import { rowsOfSets, weighCourses, weighInterests } from "../profiles/weigh-sources.js";
import type { ItemEvent } from "./holdout.js";

/** A view as stored: `item` is the course id. */
export interface ViewEvent extends ItemEvent {
  seconds: number;
}

/** Interests: w = 1 for each distinct tag a user follows. Tags arrive normalized (load-data.ts). */
export function interestRows(follows: readonly ItemEvent[]): SourceRow[] {
  const tags = new Interner();
  const rows = { handles: Int32Array.from(follows, (f) => f.handle), tags: Int32Array.from(follows, (f) => tags.idOf(f.item)) };
  return rowsOfSets(weighInterests(rows, tags.names));
}

/** Courses: w = ln(1 + T/60) over the views given. `courseTags` maps a course id to its distinct normalized
 *  non-blank tags. */
export function courseRows(views: readonly ViewEvent[], courseTags: ReadonlyMap<string, readonly string[]>): SourceRow[] {
  const courses = new Interner();
  const tags = new Interner();
  const rows = {
    handles: Int32Array.from(views, (v) => v.handle),
    courses: Int32Array.from(views, (v) => courses.idOf(v.item)),
    seconds: Float64Array.from(views, (v) => v.seconds),
  };
  const tagged = { courses: int32Column(), tags: int32Column() };
  for (const [course, list] of courseTags) {
    const c = courses.find(course);
    if (c < 0) continue;
    for (const tag of list) {
      tagged.courses.push(c);
      tagged.tags.push(tags.idOf(tag));
    }
  }
  return rowsOfSets(weighCourses(rows, { courses: tagged.courses.values(), tags: tagged.tags.values() }, courses.names.length, tags.names));
}
