/**
 * The two prediction tasks. Each hides every evaluated user's most recent items at once, rebuilds the three sources
 * from what is left, and keeps the visible items per user (what neighbours vote with) and the hidden ones (what is
 * scored).
 */
import type { SourceRow } from "../profiles/source-rows.js";
import { holdOutRecent, type HoldoutRule, defaultHoldout, type ItemEvent, itemsByUser, visibleEvents } from "./holdout.js";
import { courseRows, interestRows, type ViewEvent } from "./source-weights.js";

/** Everything the evaluation reads from a seeded database. */
export interface EvaluationData {
  /** Interest rows, item = the normalized tag. */
  follows: ItemEvent[];
  /** Course views, item = the course id. */
  views: ViewEvent[];
  /** Course id -> its distinct normalized non-blank tags. */
  courseTags: Map<string, string[]>;
  /** The assessments source's rows as the engine sees them (no task hides assessments). */
  assessments: SourceRow[];
}

export type TaskName = "interests" | "courses";

export interface Task {
  name: TaskName;
  /** Weighted rows per source (interests, courses, assessments) without the hidden data, before idf. */
  rows: SourceRow[][];
  /** Evaluated users -> the items hidden from them. */
  hidden: Map<number, Set<string>>;
  /** Every user's visible items of the task's kind. */
  items: Map<number, Set<string>>;
}

/** Predict the tags a user followed last from what the neighbours follow. */
export function interestTask(data: EvaluationData, rule: HoldoutRule = defaultHoldout): Task {
  const hidden = holdOutRecent(data.follows, rule);
  const visible = visibleEvents(data.follows, hidden);
  return {
    name: "interests",
    rows: [interestRows(visible), courseRows(data.views, data.courseTags), data.assessments],
    hidden,
    items: itemsByUser(visible),
  };
}

/** Predict the courses a user started watching last from what the neighbours watched. Every view of a hidden course
 *  is removed, so its time no longer weighs on the user's course tags. */
export function courseTask(data: EvaluationData, rule: HoldoutRule = defaultHoldout): Task {
  const hidden = holdOutRecent(data.views, rule);
  const visible = visibleEvents(data.views, hidden);
  return {
    name: "courses",
    rows: [interestRows(data.follows), courseRows(visible, data.courseTags), data.assessments],
    hidden,
    items: itemsByUser(visible),
  };
}
