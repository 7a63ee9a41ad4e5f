/**
 * The events' checks: each field by the seed's cell parser for the same column (src/import/cells.ts), so an event is
 * refused for exactly what would refuse its row in a seed file, with the same reason phrase. The first invalid field
 * of the first invalid event refuses the whole batch. What needs the stored data (a course's level) is checked
 * where the events are stored (event-store.ts).
 */
import { type Cell, Invalid, parseCount, parseHandle, parseLevel, parseName, parseTimestamp } from "../import/cells.js";
import { type ActivityEvent, EventError, type EventProblem, type RawEvent } from "./activity-event.js";

/** The checked events, in order; throws EventError for the first invalid field (nothing is stored then). */
export function checkEvents(raw: readonly RawEvent[]): ActivityEvent[] {
  return raw.map((event, index) => {
    const field = <T>(name: string, cell: Cell<T>): T => {
      if (cell instanceof Invalid) throw new EventError(problem(index, name, cell), raw.length);
      return cell;
    };
    // Integers arrive as GraphQL Ints or as text; both go through the seed's digit check, so -3 is "not a positive integer".
    const text = (value: number | string) => String(value);
    switch (event.kind) {
      case "interest":
        return {
          kind: "interest",
          handle: field("handle", parseHandle(text(event.handle))),
          tag: field("tag", parseName(event.tag)),
          followedAt: field("followedAt", parseTimestamp(event.followedAt)),
        };
      case "courseView":
        return {
          kind: "courseView",
          handle: field("handle", parseHandle(text(event.handle))),
          courseId: field("courseId", parseName(event.courseId)),
          viewedOn: field("viewedOn", parseTimestamp(event.viewedOn)),
          seconds: field("seconds", parseCount(text(event.seconds))),
          authorHandle: field("authorHandle", parseHandle(text(event.authorHandle))),
          level: field("level", parseLevel(event.level)),
        };
      case "assessment":
        return {
          kind: "assessment",
          handle: field("handle", parseHandle(text(event.handle))),
          tag: field("tag", parseName(event.tag)),
          takenAt: field("takenAt", parseTimestamp(event.takenAt)),
          score: field("score", parseCount(text(event.score))),
        };
    }
  });
}

function problem(index: number, field: string, invalid: Invalid): EventProblem {
  return { index, field, reason: invalid.reason, ...(invalid.detail === undefined ? {} : { detail: invalid.detail }) };
}
