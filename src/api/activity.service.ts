import type { ActivityEvent, RawEvent, RecordedBatch } from "../events/activity-event.js";
import type { ActivityEventInput } from "./activity.input.js";
import type { RecordedActivity, RecordedEvent } from "./activity.type.js";
import type { Context } from "./context.js";
import { batchSizeOutOfRange, fromRecorder, liveUpdatesUnavailable, notOneKind } from "./errors.js";

/**
 * Records one event (a single-event mutation). A refused event is BAD_USER_INPUT naming its argument
 * (`argumentName: "followedAt"`); nothing is stored.
 */
export function recordOne(ctx: Context, event: RawEvent): Promise<RecordedActivity> {
  return record(ctx, [event], false);
}

/**
 * Records a batch, all or nothing. Refused before anything is checked: a batch of none or more than
 * MAX_BATCH_EVENTS, an entry giving other than exactly one kind. A refused event is BAD_USER_INPUT with
 * `argumentName: "events"`, its `eventIndex` (0-based) and `field`.
 */
export function recordBatch(ctx: Context, events: readonly ActivityEventInput[]): Promise<RecordedActivity> {
  if (events.length === 0 || events.length > ctx.limits.maxBatchEvents) {
    throw batchSizeOutOfRange(events.length, ctx.limits.maxBatchEvents);
  }
  return record(ctx, events.map(rawEvent), true);
}

async function record(ctx: Context, events: readonly RawEvent[], batch: boolean): Promise<RecordedActivity> {
  if (!ctx.events) throw liveUpdatesUnavailable();
  let recorded: RecordedBatch;
  try {
    recorded = await ctx.events.record(events);
  } catch (error) {
    throw fromRecorder(error, batch);
  }
  return {
    events: recorded.events.map(recordedEvent),
    duplicates: recorded.duplicates,
    revision: recorded.run?.revision ?? null,
    lastEventAt: recorded.run?.lastEventAt ?? null,
    runId: recorded.run?.id ?? null,
    changed: recorded.changed,
  };
}

/** The one kind an entry of a batch gives, as the recorder takes it; BAD_USER_INPUT when it gives none or several. */
function rawEvent(entry: ActivityEventInput, index: number): RawEvent {
  const given = (["interest", "courseView", "assessment"] as const).filter((kind) => entry[kind] != null);
  if (given.length !== 1) throw notOneKind(index, given);
  if (entry.interest) return { kind: "interest", ...entry.interest };
  if (entry.courseView) return { kind: "courseView", ...entry.courseView };
  return { kind: "assessment", ...entry.assessment! };
}

function recordedEvent(event: ActivityEvent): RecordedEvent {
  const none = { interest: null, courseView: null, assessment: null };
  switch (event.kind) {
    case "interest":
      return { ...none, interest: { handle: event.handle, tag: event.tag, followedAt: new Date(event.followedAt) } };
    case "courseView": {
      const { handle, courseId, viewedOn, seconds, authorHandle, level } = event;
      return { ...none, courseView: { handle, courseId, viewedOn: new Date(viewedOn), seconds, authorHandle, level } };
    }
    case "assessment":
      return { ...none, assessment: { handle: event.handle, tag: event.tag, takenAt: new Date(event.takenAt), score: event.score } };
    case "courseTag": // only `npm run ingest` sends course tags
      throw new Error("A mutation recorded a course tag, which none of them sends");
  }
}
