/**
 * The events' store: appends checked events to the activity tables the seed fills (and their users and courses),
 * logs each in `events`, and answers which users changed after a given event. Part of the caller's transaction:
 * the live ranking stores a batch and updates the served run in one commit (src/rankings/live-ranking.ts).
 */
import type Database from "better-sqlite3";
import type { Handle } from "../domain/handle.js";
import { type ActivityEvent, EventError } from "./activity-event.js";

export interface AppendedEvents {
  /** Events that repeated a stored row exactly (interests, course tags: the seed's unique keys): not stored again. */
  duplicates: number;
  /** The id of the last event logged, after the batch (events.id; 0 when none ever was). */
  through: number;
}

/** The users whose profiles the events after some event changed. */
export interface ChangedUsers {
  /** Ascending; a course tag event changes every user who viewed the course. */
  handles: Handle[];
  /** The last event counted (the store's last event). */
  through: number;
  /** Events counted. */
  events: number;
  /** When the last of them was recorded; null when there were none. */
  lastAt: Date | null;
}

export interface EventStore {
  /** Stores the events in order; throws EventError, naming the event, for a view whose level differs from the
   *  course's (as the seed refuses it). Duplicates are counted, not logged. */
  append(events: readonly ActivityEvent[], recordedAt: Date): Promise<AppendedEvents>;
  /** The last event's id; 0 when none was ever recorded. */
  lastEvent(): Promise<number>;
  /** The users changed by the events after `after`. */
  changedSince(after: number): Promise<ChangedUsers>;
}

const sql = {
  user: `INSERT OR IGNORE INTO users (handle) VALUES (?)`,
  courseLevel: `SELECT level FROM courses WHERE id = ?`,
  insertCourse: `INSERT INTO courses (id, level) VALUES (?, ?)`,
  // A course course_tags listed but nobody viewed has no level until its first view.
  setLevel: `UPDATE courses SET level = ? WHERE id = ? AND level IS NULL`,
  bareCourse: `INSERT OR IGNORE INTO courses (id) VALUES (?)`,
  author: `INSERT OR IGNORE INTO course_authors (course_id, author_handle) VALUES (?, ?)`,
  interest: `INSERT OR IGNORE INTO interests (user_handle, tag, followed_at) VALUES (?, ?, ?)`,
  view: `INSERT INTO course_views (user_handle, course_id, viewed_on, author_handle, seconds) VALUES (?, ?, ?, ?, ?)`,
  assessment: `INSERT INTO assessment_scores (user_handle, tag, taken_at, score) VALUES (?, ?, ?, ?)`,
  courseTag: `INSERT OR IGNORE INTO course_tags (course_id, tag) VALUES (?, ?)`,
  log: `INSERT INTO events (kind, user_handle, course_id, recorded_at) VALUES (?, ?, ?, ?)`,
  lastEvent: `SELECT COALESCE(MAX(id), 0) FROM events`,
  changedSince: `SELECT user_handle FROM events WHERE id > ? AND user_handle IS NOT NULL
    UNION SELECT v.user_handle FROM events e JOIN course_views v ON v.course_id = e.course_id
      WHERE e.id > ? AND e.user_handle IS NULL
    ORDER BY 1`,
  countSince: `SELECT COUNT(*), COALESCE(MAX(id), 0), MAX(recorded_at) FROM events WHERE id > ?`,
};

/** On SQLite, through prepared better-sqlite3 statements on the caller's connection (its transaction). */
export class SqliteEventStore implements EventStore {
  private readonly statements: { [K in keyof typeof sql]: Database.Statement<unknown[], unknown> };

  constructor(db: Database.Database) {
    this.statements = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)])) as typeof this.statements;
    for (const name of ["lastEvent", "countSince"] as const) this.statements[name].raw(true);
    this.statements.changedSince.pluck(true);
  }

  async append(events: readonly ActivityEvent[], recordedAt: Date): Promise<AppendedEvents> {
    const at = recordedAt.toISOString();
    const s = this.statements;
    let duplicates = 0;
    events.forEach((event, index) => {
      let stored = true;
      switch (event.kind) {
        case "interest":
          s.user.run(event.handle);
          stored = s.interest.run(event.handle, event.tag, event.followedAt).changes > 0;
          break;
        case "courseView": {
          s.user.run(event.handle);
          const course = s.courseLevel.get(event.courseId) as { level: string | null } | undefined;
          if (course === undefined) s.insertCourse.run(event.courseId, event.level);
          else if (course.level === null) s.setLevel.run(event.level, event.courseId);
          else if (course.level !== event.level) {
            const detail = `course "${event.courseId}" has ${course.level}, got "${event.level}"`;
            throw new EventError({ index, field: "level", reason: "differs from an earlier view of the course", detail }, events.length);
          }
          s.author.run(event.courseId, event.authorHandle);
          s.view.run(event.handle, event.courseId, event.viewedOn, event.authorHandle, event.seconds);
          break;
        }
        case "assessment":
          s.user.run(event.handle);
          s.assessment.run(event.handle, event.tag, event.takenAt, event.score);
          break;
        case "courseTag":
          s.bareCourse.run(event.courseId);
          stored = event.tag !== null && s.courseTag.run(event.courseId, event.tag).changes > 0;
          break;
      }
      if (!stored) {
        duplicates++;
        return;
      }
      s.log.run(event.kind, event.kind === "courseTag" ? null : event.handle, event.kind === "courseTag" ? event.courseId : null, at);
    });
    return { duplicates, through: await this.lastEvent() };
  }

  async lastEvent(): Promise<number> {
    return (this.statements.lastEvent.get() as [number])[0];
  }

  async changedSince(after: number): Promise<ChangedUsers> {
    const [events, through, lastAt] = this.statements.countSince.get(after) as [number, number, string | null];
    const handles = events === 0 ? [] : (this.statements.changedSince.all(after, after) as Handle[]);
    return { handles, through: events === 0 ? after : through, events, lastAt: lastAt === null ? null : new Date(lastAt) };
  }
}
