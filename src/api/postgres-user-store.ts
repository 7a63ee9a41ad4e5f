import type pg from "pg";
import type { Handle } from "../domain/handle.js";
import { postgresDialect } from "../profiles/source-rows.js";
import {
  type AssessmentRecord,
  type CourseViewRecord,
  courseViewRecord,
  type InterestRecord,
  inKeyOrder,
  type UserStore,
  type ViewRow,
} from "./user-store.js";

// A course's authors and tags as arrays, tags in bytewise order (COLLATE "C") as SQLite's BINARY sorts them.
const viewColumns = `v.id, v.viewed_on, v.course_id, v.seconds, v.author_handle, c.level,
  ARRAY(SELECT a.author_handle FROM course_authors a WHERE a.course_id = v.course_id ORDER BY a.author_handle),
  ARRAY(SELECT t.tag FROM course_tags t WHERE t.course_id = v.course_id ORDER BY t.tag COLLATE "C")`;

/**
 * The PostgreSQL statements, apart from the code that runs them. Handles arrive as one bigint[] parameter (a single
 * handle as bigint): a handle the API accepts can exceed the int columns' range, and then simply matches nothing.
 */
const sql = {
  ping: `SELECT 1`,
  userCount: `SELECT COUNT(*)::int FROM users`,
  existing: `SELECT handle FROM users WHERE ${postgresDialect.inHandles("handle")}`,
  interests: `SELECT user_handle, tag, followed_at FROM interests WHERE ${postgresDialect.inHandles("user_handle")} ORDER BY followed_at, id`,
  assessments: `SELECT user_handle, tag, taken_at, score FROM assessment_scores WHERE ${postgresDialect.inHandles("user_handle")}
    ORDER BY taken_at, id`,
  handlesAfter: `SELECT handle FROM users WHERE handle > $1::bigint ORDER BY handle LIMIT $2`,
  viewOfUser: `SELECT viewed_on FROM course_views WHERE id = $1::bigint AND user_handle = $2::bigint`,
  courseViewCount: `SELECT COUNT(*)::int FROM course_views WHERE user_handle = $1::bigint`,
  firstViews: `SELECT ${viewColumns} FROM course_views v JOIN courses c ON c.id = v.course_id
    WHERE v.user_handle = $1::bigint ORDER BY v.viewed_on, v.id LIMIT $2`,
  viewsAfter: `SELECT ${viewColumns} FROM course_views v JOIN courses c ON c.id = v.course_id
    WHERE v.user_handle = $1::bigint AND (v.viewed_on, v.id) > ($2, $3) ORDER BY v.viewed_on, v.id LIMIT $4`,
};

/** The user store on PostgreSQL through a pg pool: named (prepared) statements, rows read as arrays. */
export class PostgresUserStore implements UserStore {
  constructor(private readonly pool: pg.Pool) {}

  private async rows<R extends unknown[]>(name: keyof typeof sql, values: unknown[]): Promise<R[]> {
    return (await this.pool.query<R>({ name: `users_${name}`, text: sql[name], values, rowMode: "array" })).rows;
  }

  async ping(): Promise<void> {
    await this.rows("ping", []);
  }

  async userCount(): Promise<number> {
    return (await this.rows<[number]>("userCount", []))[0][0];
  }

  async courseViewCount(user: Handle): Promise<number> {
    return (await this.rows<[number]>("courseViewCount", [user]))[0][0];
  }

  async existing(handles: readonly Handle[]): Promise<Set<Handle>> {
    return new Set((await this.rows<[Handle]>("existing", [handles])).map(([h]) => h));
  }

  async interests(handles: readonly Handle[]): Promise<InterestRecord[][]> {
    const rows = await this.rows<[Handle, string, Date]>("interests", [handles]);
    return inKeyOrder(handles, rows, ([, tag, followedAt]) => ({ tag, followedAt }));
  }

  async assessments(handles: readonly Handle[]): Promise<AssessmentRecord[][]> {
    const rows = await this.rows<[Handle, string, Date, number]>("assessments", [handles]);
    return inKeyOrder(handles, rows, ([, tag, takenAt, score]) => ({ tag, takenAt, score }));
  }

  async handlesAfter(after: Handle | null, take: number): Promise<Handle[]> {
    // Handles are positive, so 0 is before the first.
    return (await this.rows<[Handle]>("handlesAfter", [after ?? 0, take])).map(([h]) => h);
  }

  async courseViews(user: Handle, after: number | null, take: number): Promise<CourseViewRecord[] | null> {
    let rows: ViewRow[];
    if (after === null) {
      rows = await this.rows<ViewRow>("firstViews", [user, take]);
    } else {
      const [cursor] = await this.rows<[Date]>("viewOfUser", [after, user]);
      if (!cursor) return null;
      rows = await this.rows<ViewRow>("viewsAfter", [user, cursor[0], after, take]);
    }
    return rows.map(courseViewRecord);
  }
}
