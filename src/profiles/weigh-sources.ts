/**
 * The one definition of each source's weights, from the raw activity rows (read-activity.ts) to every user's
 * weighted tag set, in typed arrays. Tags arrive as ids of normalized tags (tag-names.ts), blank ones already
 * dropped; rows may come in any order. For each user:
 *
 * - interests: w = 1 for each distinct tag the user follows;
 * - courses: w = ln(1 + T / 60), T = the user's seconds over all views of courses carrying the tag, a course's time
 *   counting once per distinct normalized tag; tags with T = 0 are absent;
 * - assessments: w = the user's highest score on the tag / 100; tags whose highest score is 0 are absent.
 *
 * Rows are grouped by user (a radix sort of their handles unless they arrive sorted), then each user's tags are gathered in a scratch
 * array indexed by tag (touched slots remembered, so nothing is cleared per user). Sums of seconds are of integers,
 * exact in doubles whatever their order, so the weights do not depend on the rows' order.
 */
import { float64Column, int32Column, uint32Column } from "./columns.js";
import type { SourceRow } from "./source-rows.js";

/** A followed tag's weight. */
const interestWeight = () => 1;
/** A tag's weight from T, the seconds watched of courses carrying it: ln(1 + T / 60), 0 (absent) for T = 0. */
export const courseWeight = (seconds: number) => (seconds > 0 ? Math.log(1 + seconds / 60) : 0);
/** A tag's weight from the user's highest score on it: score / 100, 0 (absent) for a score of 0. */
const assessmentWeight = (best: number) => (best > 0 ? best / 100 : 0);

/** One source's weighted tag sets of the users who have one (weight 0 = absent). */
export interface SourceSets {
  /** Ascending: the users with at least one tag in the source. */
  handles: Int32Array;
  /** User handles[i] owns tagIds[offsets[i]..offsets[i+1]) (ascending) and the same slice of weights (all > 0). */
  offsets: Uint32Array;
  tagIds: Uint32Array;
  weights: Float64Array;
  /** tagNames[id]: the tags someone holds, in JavaScript string order (load-profiles.ts, sortedTags, says why). */
  tagNames: string[];
}

/** Raw (user, tag) rows: row j is (handles[j], tags[j]), tags[j] an index into the scan's tag names. */
export interface TagRows {
  handles: Int32Array;
  tags: Int32Array;
}

/** Raw (user, tag, score) rows of assessments. */
export interface ScoreRows extends TagRows {
  scores: Float64Array;
}

/** Raw views: (user, course, seconds), courses as indices 0..courseCount-1. */
export interface ViewRows {
  handles: Int32Array;
  courses: Int32Array;
  seconds: Float64Array;
}

/** Raw (course, tag) rows of course_tags, courses as in ViewRows (rows of other courses left out). */
export interface CourseTagRows {
  courses: Int32Array;
  tags: Int32Array;
}

export function weighInterests(rows: TagRows, tagNames: readonly string[]): SourceSets {
  const { rank, sorted } = ranked(tagNames);
  const out = new SetsBuilder(sorted.length);
  forEachUser(rows.handles, (handle, order, from, to) => {
    for (let k = from; k < to; k++) out.touch(rank[rows.tags[order[k]]]);
    out.endUser(handle, interestWeight);
  });
  return out.build(sorted);
}

export function weighAssessments(rows: ScoreRows, tagNames: readonly string[]): SourceSets {
  const { rank, sorted } = ranked(tagNames);
  const out = new SetsBuilder(sorted.length);
  const best = out.value;
  forEachUser(rows.handles, (handle, order, from, to) => {
    for (let k = from; k < to; k++) {
      const j = order[k];
      const tag = rank[rows.tags[j]];
      if (out.touch(tag) || rows.scores[j] > best[tag]) best[tag] = rows.scores[j];
    }
    out.endUser(handle, assessmentWeight);
  });
  return out.build(sorted);
}

export function weighCourses(views: ViewRows, courseTags: CourseTagRows, courseCount: number, tagNames: readonly string[]): SourceSets {
  const { rank, sorted } = ranked(tagNames);
  const tagsOf = distinctTagsByCourse(courseTags, courseCount, rank);
  const out = new SetsBuilder(sorted.length);
  const total = out.value;
  // The user's seconds per course first: a user's repeated views of a course then visit its tags once.
  const perCourse = new Float64Array(courseCount);
  const courseStamp = new Int32Array(courseCount).fill(-1);
  const watched = new Int32Array(courseCount);
  let user = 0;
  forEachUser(views.handles, (handle, order, from, to) => {
    let count = 0;
    for (let k = from; k < to; k++) {
      const j = order[k];
      const c = views.courses[j];
      if (courseStamp[c] !== user) {
        courseStamp[c] = user;
        perCourse[c] = 0;
        watched[count++] = c;
      }
      perCourse[c] += views.seconds[j];
    }
    for (let w = 0; w < count; w++) {
      const c = watched[w];
      for (let t = tagsOf.offsets[c]; t < tagsOf.offsets[c + 1]; t++) {
        const tag = tagsOf.tags[t];
        if (out.touch(tag)) total[tag] = 0;
        total[tag] += perCourse[c];
      }
    }
    out.endUser(handle, courseWeight);
    user++;
  });
  return out.build(sorted);
}

/** The sets as (user, tag, weight) rows: by handle, then tag (JavaScript string order). */
export function rowsOfSets({ handles, offsets, tagIds, weights, tagNames }: SourceSets): SourceRow[] {
  const rows: SourceRow[] = [];
  for (let i = 0; i < handles.length; i++) {
    for (let j = offsets[i]; j < offsets[i + 1]; j++) rows.push({ handle: handles[i], tag: tagNames[tagIds[j]], weight: weights[j] });
  }
  return rows;
}

/** Each course's distinct tags as sorted-tag ranks: course c has tags[offsets[c]..offsets[c+1]). */
function distinctTagsByCourse(rows: CourseTagRows, courseCount: number, rank: Uint32Array) {
  const offsets = new Uint32Array(courseCount + 1);
  for (let j = 0; j < rows.courses.length; j++) offsets[rows.courses[j] + 1]++;
  for (let c = 0; c < courseCount; c++) offsets[c + 1] += offsets[c];
  const next = offsets.slice(0, courseCount);
  const all = new Uint32Array(rows.courses.length);
  for (let j = 0; j < rows.courses.length; j++) all[next[rows.courses[j]]++] = rank[rows.tags[j]];
  // Two spellings of one tag on a course ("Python", " python ") are one tag: sort each course's slice, keep firsts.
  const tags = uint32Column();
  const distinct = new Uint32Array(courseCount + 1);
  for (let c = 0; c < courseCount; c++) {
    const slice = all.subarray(offsets[c], offsets[c + 1]).sort();
    for (let k = 0; k < slice.length; k++) if (k === 0 || slice[k] !== slice[k - 1]) tags.push(slice[k]);
    distinct[c + 1] = tags.length;
  }
  return { offsets: distinct, tags: tags.values() };
}

/** The tags' positions in their sorted order (rank[id]) and the sorted tags. */
function ranked(tagNames: readonly string[]): { rank: Uint32Array; sorted: string[] } {
  const byName = Array.from(tagNames.keys()).sort((a, b) => (tagNames[a] < tagNames[b] ? -1 : tagNames[a] > tagNames[b] ? 1 : 0));
  const rank = new Uint32Array(tagNames.length);
  byName.forEach((id, r) => (rank[id] = r));
  return { rank, sorted: byName.map((id) => tagNames[id]) };
}

/**
 * Calls `visit(handle, order, from, to)` once per distinct handle, in ascending handle order: the user's rows are
 * order[from..to). Tables written user after user (the seed's files are) arrive sorted, and the rows are then taken
 * in the order read; otherwise the order is an LSD radix sort on the handle's two 16-bit halves (as unsigned after
 * flipping the sign bit, so any int32 sorts right), O(rows), no comparisons.
 */
function forEachUser(handles: Int32Array, visit: (handle: number, order: Uint32Array, from: number, to: number) => void): void {
  const n = handles.length;
  const order = ascending(handles) ? identity(n) : byHandle(handles);
  for (let from = 0; from < n; ) {
    const handle = handles[order[from]];
    let to = from + 1;
    while (to < n && handles[order[to]] === handle) to++;
    visit(handle, order, from, to);
    from = to;
  }
}

function ascending(values: Int32Array): boolean {
  for (let j = 1; j < values.length; j++) if (values[j] < values[j - 1]) return false;
  return true;
}

function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  return order;
}

/** Row indices stably sorted by handle: a counting sort on the low 16 bits, then one on the high 16. */
function byHandle(handles: Int32Array): Uint32Array {
  const n = handles.length;
  const starts = new Uint32Array(65537);
  for (let j = 0; j < n; j++) starts[(handles[j] & 0xffff) + 1]++;
  for (let d = 0; d < 65536; d++) starts[d + 1] += starts[d];
  const byLow = new Uint32Array(n);
  for (let j = 0; j < n; j++) byLow[starts[handles[j] & 0xffff]++] = j;
  starts.fill(0);
  for (let j = 0; j < n; j++) starts[((handles[j] >>> 16) ^ 0x8000) + 1]++;
  for (let d = 0; d < 65536; d++) starts[d + 1] += starts[d];
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const j = byLow[k];
    order[starts[(handles[j] >>> 16) ^ 0x8000]++] = j;
  }
  return order;
}

/**
 * Builds SourceSets user by user. A source marks the tags a user's rows touch (touch), keeping its per-tag running
 * value in `value`; endUser sorts the touched tags and appends those whose weight(value) is > 0.
 */
class SetsBuilder {
  /** Per tag: the source's running value for the current user (sum, maximum); valid only for touched tags. */
  readonly value: Float64Array;
  private readonly stamp: Int32Array;
  private readonly touched: Uint32Array;
  private touchedCount = 0;
  private user = 0;
  private readonly handles = int32Column();
  private readonly offsets = uint32Column();
  private readonly tagIds = uint32Column();
  private readonly weights = float64Column();

  constructor(tagCount: number) {
    this.value = new Float64Array(tagCount);
    this.stamp = new Int32Array(tagCount).fill(-1);
    this.touched = new Uint32Array(tagCount);
    this.offsets.push(0);
  }

  /** Marks `tag` as touched by the current user; true the first time, when the caller initializes value[tag]. */
  touch(tag: number): boolean {
    if (this.stamp[tag] === this.user) return false;
    this.stamp[tag] = this.user;
    this.touched[this.touchedCount++] = tag;
    return true;
  }

  /** Ends the user `handle`: each touched tag with weight(value[tag]) > 0 joins its set. */
  endUser(handle: number, weight: (value: number) => number): void {
    const tags = sortAscending(this.touched, this.touchedCount);
    for (let k = 0; k < tags.length; k++) {
      const w = weight(this.value[tags[k]]);
      if (w > 0) {
        this.tagIds.push(tags[k]);
        this.weights.push(w);
      }
    }
    if (this.tagIds.length > this.offsets.values()[this.offsets.length - 1]) {
      this.handles.push(handle);
      this.offsets.push(this.tagIds.length);
    }
    this.touchedCount = 0;
    this.user++;
  }

  /** The sets, tag ids renumbered to the tags someone holds (an order-keeping map: ids stay ascending). */
  build(sorted: readonly string[]): SourceSets {
    const tagIds = this.tagIds.values();
    const held = new Uint8Array(sorted.length);
    for (let j = 0; j < tagIds.length; j++) held[tagIds[j]] = 1;
    const newId = new Uint32Array(sorted.length);
    const tagNames: string[] = [];
    for (let t = 0; t < sorted.length; t++) if (held[t]) newId[t] = tagNames.push(sorted[t]) - 1;
    if (tagNames.length < sorted.length) for (let j = 0; j < tagIds.length; j++) tagIds[j] = newId[tagIds[j]];
    return { handles: this.handles.values(), offsets: this.offsets.values(), tagIds, weights: this.weights.values(), tagNames };
  }
}

/** values[0..count) sorted in place (insertion sort for the usual few tags, the built-in sort past 32). */
function sortAscending(values: Uint32Array, count: number): Uint32Array {
  const slice = values.subarray(0, count);
  if (count > 32) return slice.sort();
  for (let i = 1; i < count; i++) {
    const v = slice[i];
    let k = i - 1;
    while (k >= 0 && slice[k] > v) {
      slice[k + 1] = slice[k];
      k--;
    }
    slice[k + 1] = v;
  }
  return slice;
}
