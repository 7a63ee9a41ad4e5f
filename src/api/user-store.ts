import type Database from "better-sqlite3";
import type { Handle } from "../domain/handle.js";
import { sqliteDialect } from "../profiles/source-rows.js";

export interface InterestRecord {
  tag: string;
  followedAt: Date;
}

export interface AssessmentRecord {
  tag: string;
  takenAt: Date;
  score: number;
}

export interface CourseViewRecord {
  /** The row id: it orders views within a day and makes the cursor. */
  id: number;
  viewedOn: Date;
  courseId: string;
  /** The author this view names (a course can have several). */
  author: number;
  /** Every author the course's views name, ascending. */
  courseAuthors: number[];
  level: string | null;
  seconds: number;
  /** The course's tags, ascending. */
  tags: string[];
}

/**
 * The API's reads of users and their activity. The batch reads take any number of handles (one parameter however
 * many, so no driver limit on parameters applies) and answer in key order: one list per handle, empty for a handle
 * with no rows or no user, as DataLoader's batch functions must.
 */
export interface UserStore {
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  userCount(): Promise<number>;
  /** Which of `handles` belong to a user. */
  existing(handles: readonly Handle[]): Promise<Set<Handle>>;
  /** Each handle's followed tags, oldest first. */
  interests(handles: readonly Handle[]): Promise<InterestRecord[][]>;
  /** Each handle's assessments, oldest first. */
  assessments(handles: readonly Handle[]): Promise<AssessmentRecord[][]>;
  /** Up to `take` handles after `after` (from the first when null), ascending. */
  handlesAfter(after: Handle | null, take: number): Promise<Handle[]>;
  /**
   * Up to `take` of the user's course views by day, then row order, after the view with id `after` (from the first
   * when null); null when `after` is not one of this user's views.
   */
  courseViews(user: Handle, after: number | null, take: number): Promise<CourseViewRecord[] | null>;
  /** How many course views the user has. */
  courseViewCount(user: Handle): Promise<number>;
}

const handlesIn = sqliteDialect.inHandles;
const viewColumns = `v.id, v.viewed_on, v.course_id, v.seconds, v.author_handle, c.level,
  (SELECT json_group_array(a.author_handle ORDER BY a.author_handle) FROM course_authors a WHERE a.course_id = v.course_id),
  (SELECT json_group_array(t.tag ORDER BY t.tag) FROM course_tags t WHERE t.course_id = v.course_id)`;

/** The SQLite statements, apart from the code that runs them. Handles arrive as one JSON array parameter. */
const sql = {
  ping: `SELECT 1`,
  userCount: `SELECT COUNT(*) FROM users`,
  existing: `SELECT handle FROM users WHERE ${handlesIn("handle")}`,
  interests: `SELECT user_handle, tag, followed_at FROM interests WHERE ${handlesIn("user_handle")} ORDER BY followed_at, id`,
  assessments: `SELECT user_handle, tag, taken_at, score FROM assessment_scores WHERE ${handlesIn("user_handle")}
    ORDER BY taken_at, id`,
  handlesAfter: `SELECT handle FROM users WHERE handle > ? ORDER BY handle LIMIT ?`,
  viewOfUser: `SELECT viewed_on FROM course_views WHERE id = ? AND user_handle = ?`,
  courseViewCount: `SELECT COUNT(*) FROM course_views WHERE user_handle = ?`,
  firstViews: `SELECT ${viewColumns} FROM course_views v JOIN courses c ON c.id = v.course_id
    WHERE v.user_handle = ? ORDER BY v.viewed_on, v.id LIMIT ?`,
  viewsAfter: `SELECT ${viewColumns} FROM course_views v JOIN courses c ON c.id = v.course_id
    WHERE v.user_handle = ? AND (v.viewed_on, v.id) > (?, ?) ORDER BY v.viewed_on, v.id LIMIT ?`,
};

export type ViewRow = [id: number, viewedOn: string | Date, courseId: string, seconds: number, author: number, level: string | null, authors: string | number[], tags: string | string[]];

/** The user store on SQLite through prepared better-sqlite3 statements, rows read as arrays. */
export class SqliteUserStore implements UserStore {
  private readonly statements: { [K in keyof typeof sql]: Database.Statement<unknown[], unknown[]> };

  constructor(db: Database.Database) {
    this.statements = Object.fromEntries(
      Object.entries(sql).map(([name, text]) => [name, db.prepare<unknown[], unknown[]>(text).raw(true)]),
    ) as typeof this.statements;
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async userCount(): Promise<number> {
    return (this.statements.userCount.get() as [number])[0];
  }

  async courseViewCount(user: Handle): Promise<number> {
    return (this.statements.courseViewCount.get(user) as [number])[0];
  }

  async existing(handles: readonly Handle[]): Promise<Set<Handle>> {
    return new Set((this.statements.existing.all(sqliteDialect.handlesParam(handles)) as [Handle][]).map(([h]) => h));
  }

  async interests(handles: readonly Handle[]): Promise<InterestRecord[][]> {
    const rows = this.statements.interests.all(sqliteDialect.handlesParam(handles)) as [Handle, string, string][];
    return inKeyOrder(handles, rows, ([, tag, at]) => ({ tag, followedAt: new Date(at) }));
  }

  async assessments(handles: readonly Handle[]): Promise<AssessmentRecord[][]> {
    const rows = this.statements.assessments.all(sqliteDialect.handlesParam(handles)) as [Handle, string, string, number][];
    return inKeyOrder(handles, rows, ([, tag, at, score]) => ({ tag, takenAt: new Date(at), score }));
  }

  async handlesAfter(after: Handle | null, take: number): Promise<Handle[]> {
    // Handles are positive, so 0 is before the first.
    return (this.statements.handlesAfter.all(after ?? 0, take) as [Handle][]).map(([h]) => h);
  }

  async courseViews(user: Handle, after: number | null, take: number): Promise<CourseViewRecord[] | null> {
    let rows: ViewRow[];
    if (after === null) {
      rows = this.statements.firstViews.all(user, take) as ViewRow[];
    } else {
      const cursor = this.statements.viewOfUser.get(after, user) as [string] | undefined;
      if (!cursor) return null;
      rows = this.statements.viewsAfter.all(user, cursor[0], after, take) as ViewRow[];
    }
    return rows.map(courseViewRecord);
  }
}

/** A view row as a record; the course's authors and tags as a JSON array (SQLite) or an array (PostgreSQL). */
export function courseViewRecord([id, viewedOn, courseId, seconds, author, level, authors, tags]: ViewRow): CourseViewRecord {
  return {
    id,
    viewedOn: new Date(viewedOn),
    courseId,
    author,
    courseAuthors: typeof authors === "string" ? (JSON.parse(authors) as number[]) : authors,
    level,
    seconds,
    tags: typeof tags === "string" ? (JSON.parse(tags) as string[]) : tags,
  };
}

/** Rows (whose first column is the handle) regrouped under their handle, one list per key in key order. */
export function inKeyOrder<R extends [Handle, ...unknown[]], T>(keys: readonly Handle[], rows: readonly R[], toRecord: (row: R) => T): T[][] {
  const groups = new Map<Handle, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(row[0])?.push(toRecord(row));
  return keys.map((k) => groups.get(k)!);
}
