/**
 * Activity arriving as events: one follow, course view or assessment at a time (GraphQL mutations) or a delta of
 * CSV rows (`npm run ingest`). An event is checked by the seed's own cell rules (src/import/cells.ts), so a value the
 * seed refuses is refused here with the same reason, naming the event's field instead of a file's column.
 */
import type { Level } from "../import/cells.js";
import type { Handle } from "../domain/handle.js";

/** An event as a client sent it, before any check: the GraphQL arguments' names and values. */
export type RawEvent =
  | { kind: "interest"; handle: number | string; tag: string; followedAt: string }
  | {
      kind: "courseView";
      handle: number | string;
      courseId: string;
      viewedOn: string;
      seconds: number | string;
      authorHandle: number | string;
      level: string;
    }
  | { kind: "assessment"; handle: number | string; tag: string; takenAt: string; score: number | string };

/** The kinds of event, as RawEvent and ActivityEvent name them. */
export type EventKind = RawEvent["kind"];

/** A checked event, its values as the seed stores them (timestamps as the ISO text parseTimestamp returns). */
export type ActivityEvent =
  | { kind: "interest"; handle: Handle; tag: string; followedAt: string }
  | { kind: "courseView"; handle: Handle; courseId: string; viewedOn: string; seconds: number; authorHandle: Handle; level: Level }
  | { kind: "assessment"; handle: Handle; tag: string; takenAt: string; score: number }
  /** A tag its author applied to a course (`npm run ingest` of course_tags rows); a null tag adds the course alone. */
  | { kind: "courseTag"; courseId: string; tag: string | null };

/** Why one event of a batch was refused: its index in the batch (0-based), the field, the seed's reason phrase. */
export interface EventProblem {
  index: number;
  /** The argument's name: handle, tag, followedAt, courseId, viewedOn, seconds, authorHandle, level, takenAt, score. */
  field: string;
  reason: string;
  detail?: string;
}

/** A refused batch: nothing of it was stored. The message names the event (when the batch has several) and field. */
export class EventError extends Error {
  constructor(
    readonly problem: EventProblem,
    /** Events in the batch: a batch of one says "followedAt: ...", a larger one "event 37: followedAt: ...". */
    batchSize: number,
  ) {
    super(
      `${batchSize > 1 ? `event ${problem.index}: ` : ""}${problem.field}: ${problem.reason}${problem.detail === undefined ? "" : ` (${problem.detail})`}`,
    );
    this.name = "EventError";
  }
}

/** What one committed batch did. */
export interface RecordedBatch {
  /** The events as stored, in the batch's order. */
  events: ActivityEvent[];
  /** Events that repeated a stored row exactly (a follow of the same tag at the same time): collapsed, as the seed does. */
  duplicates: number;
  /** The served run after the batch, or null when no run is served yet (the events are stored all the same). */
  run: { id: number; revision: number; lastEventAt: Date | null } | null;
  /** Handles whose neighbour list in the served run changed (the events' own users among them when they changed). */
  changed: Handle[];
}

/** Records batches of events: checks them all, then stores them and updates the served run in one transaction. */
export interface EventRecorder {
  /** Throws EventError (nothing stored) when any event is invalid. Batches are applied one at a time, in order. */
  record(events: readonly RawEvent[]): Promise<RecordedBatch>;
  /** Calls `listener` after each committed batch that changed some lists; returns the unsubscribe function. */
  onChange(listener: (change: ListsChange) => void): () => void;
}

/** The served run's lists changed for `handles` at `revision` (after the commit: a read now sees the new lists). */
export interface ListsChange {
  runId: number;
  revision: number;
  handles: readonly Handle[];
}
