import type Database from "better-sqlite3";
import type pg from "pg";
import { float64Column, int32Column } from "./columns.js";
import { type Source, sources } from "./source.js";
import { Interner, TagInterner } from "./tag-names.js";
import { rowsOfSets, type SourceSets, weighAssessments, weighCourses, weighInterests } from "./weigh-sources.js";

/** One (user, tag) of a source with its weight before idf; weight > 0. Tags are trimmed and lower-cased. */
export interface SourceRow {
  handle: number;
  tag: string;
  weight: number;
}

/**
 * What the store's statements say differently on SQLite and on PostgreSQL: one definition of the statements, two
 * spellings of a few fragments. The profiles' scans read raw columns only, so both databases give the same rows and
 * weigh-sources.ts the same weights to the bit.
 */
export interface SqlDialect {
  /** True when `column` is one of the handles of the statement's one parameter (handlesParam's value). */
  inHandles(column: string): string;
  handlesParam(handles: readonly number[]): unknown;
  /** A timestamp column as the ISO text SQLite stores, `2017-06-27T16:26:52.000+00:00` (it sorts as the instant). */
  isoText(column: string): string;
}

export const sqliteDialect: SqlDialect = {
  // One JSON array parameter, so the statement text (and SQLite's prepared plan) never varies with the handles.
  inHandles: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  handlesParam: (handles) => JSON.stringify(handles),
  isoText: (column) => column,
};

export const postgresDialect: SqlDialect = {
  // One array parameter; bigint, since a handle the API accepts can exceed the int columns' range.
  inHandles: (column) => `${column} = ANY($1::bigint[])`,
  handlesParam: (handles) => handles,
  isoText: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')`,
};

// One scan per table, whatever the number of users: the raw columns only, no GROUP BY or ORDER BY (SQLite reads
// the table, or a covering index, front to back). weigh-sources.ts does the normalizing, grouping and weighing.
// For some users, course_tags is read for the courses they watched only.
const where = (d: SqlDialect, column: string, filtered: boolean) => (filtered ? ` WHERE ${d.inHandles(column)}` : "");
const scans = {
  interests: (d: SqlDialect, filtered: boolean) => `SELECT user_handle, tag FROM interests${where(d, "user_handle", filtered)}`,
  views: (d: SqlDialect, filtered: boolean) =>
    `SELECT user_handle, course_id, seconds FROM course_views${where(d, "user_handle", filtered)}`,
  courseTags: (d: SqlDialect, filtered: boolean) =>
    `SELECT course_id, tag FROM course_tags${filtered ? ` WHERE course_id IN (SELECT course_id FROM course_views${where(d, "user_handle", true)})` : ""}`,
  assessments: (d: SqlDialect, filtered: boolean) =>
    `SELECT user_handle, tag, score FROM assessment_scores${where(d, "user_handle", filtered)}`,
};

/**
 * Runs read-only statements written for its dialect and gives their rows as arrays of column values: the
 * profiles' store. The scans above and weigh-sources.ts are the one definition of the weights; a runner only says
 * which driver executes them.
 */
export interface SqlRunner {
  dialect: SqlDialect;
  query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  /**
   * Calls `visit` with the column values of each row of `sql`, a SELECT of at most three columns (the missing ones
   * undefined), all in one snapshot of the data, holding no rows and making no object per row: a full scan reads
   * tens of millions.
   */
  forEachRow(sql: string, params: readonly unknown[], visit: RowVisitor): Promise<void>;
}

export type RowVisitor = (a: unknown, b: unknown, c: unknown) => void;

/** Rows read between two turns of the event loop: a server loading every profile (its live updates, after a new
 *  run) goes on answering requests meanwhile instead of stopping for seconds. */
const rowsPerTurn = 1 << 16;

let sqliteRunners = 0;

/**
 * Through better-sqlite3, each statement prepared once, giving the event loop a turn every rowsPerTurn rows. A
 * connection runs one statement at a time, and an open iteration keeps it busy across those turns, so the
 * runner's statements run one after another.
 *
 * forEachRow hands SQLite's rows to `visit` through a SQL function of this runner's, called in the WHERE clause of
 * `SELECT 1 FROM (sql) WHERE f(columns)`: the function returns true once every rowsPerTurn rows, so the statement
 * yields a row (and the loop a turn) that often and stays one statement, one snapshot. Measured at 100k users,
 * 2.1M interest rows: 0.8-1.5 µs a row this way, 3.5-4.3 µs iterating rows as arrays (an array and an iterator
 * result per row, load 9).
 */
export function sqliteRunner(db: Database.Database): SqlRunner {
  const prepared = new Map<string, Database.Statement<unknown[], unknown[]>>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (!found) prepared.set(sql, (found = db.prepare<unknown[], unknown[]>(sql).raw(true)));
    return found;
  };
  let visitor: RowVisitor = () => {};
  let visited = 0;
  const visitorFunction = `kindred_visit_${++sqliteRunners}`;
  db.function(visitorFunction, { directOnly: true }, (a: unknown, b: unknown, c: unknown) => {
    visitor(a, b, c);
    return ++visited % rowsPerTurn === 0 ? 1 : 0;
  });
  const visiting = new Map<string, string>();
  const visitingSql = (sql: string) => {
    let found = visiting.get(sql);
    if (!found) {
      const columns = db.prepare(sql).columns().map((column) => `"${column.name.replaceAll('"', '""')}"`);
      if (columns.length > 3) throw new RangeError(`forEachRow takes at most 3 columns, got ${columns.length}: ${sql}`);
      while (columns.length < 3) columns.push("NULL");
      visiting.set(sql, (found = `SELECT 1 FROM (${sql}) WHERE ${visitorFunction}(${columns.join(", ")})`));
    }
    return found;
  };
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work);
    tail = result.catch(() => {});
    return result;
  };
  return {
    dialect: sqliteDialect,
    query: (sql, params) =>
      serially(async () => {
        const rows: unknown[][] = [];
        for (const row of statement(sql).iterate(...params) as IterableIterator<unknown[]>) {
          if (rows.push(row) % rowsPerTurn === 0) await new Promise(setImmediate);
        }
        return rows;
      }),
    forEachRow: (sql, params, visit) =>
      serially(async () => {
        visitor = visit;
        visited = 0;
        try {
          for (const _turn of statement(visitingSql(sql)).iterate(...params)) await new Promise(setImmediate);
        } finally {
          visitor = () => {};
        }
      }),
  };
}

/** Rows a PostgreSQL cursor hands over per FETCH. */
const rowsPerFetch = 1 << 14;

/** Through a pg pool, each statement text a named (server-side prepared) statement, rows read as arrays; forEachRow
 *  reads through a cursor in a read-only transaction on one client, rowsPerFetch rows at a time. */
export function postgresRunner(pool: pg.Pool): SqlRunner {
  const names = new Map<string, string>();
  return {
    dialect: postgresDialect,
    async query(sql, params) {
      let name = names.get(sql);
      if (!name) names.set(sql, (name = `profiles_${names.size + 1}`));
      return (await pool.query<unknown[]>({ name, text: sql, values: [...params], rowMode: "array" })).rows;
    },
    async forEachRow(sql, params, visit) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN READ ONLY");
        await client.query({ text: `DECLARE profiles_scan NO SCROLL CURSOR FOR ${sql}`, values: [...params] });
        for (;;) {
          const { rows } = await client.query<unknown[]>({ text: `FETCH ${rowsPerFetch} FROM profiles_scan`, rowMode: "array" });
          for (const row of rows) visit(row[0], row[1], row[2]);
          if (rows.length < rowsPerFetch) break;
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** One source's weighted sets, for every user or only `handles`: a scan of each table the source reads. */
export async function readSourceSets(run: SqlRunner, source: Source, handles?: readonly number[]): Promise<SourceSets> {
  const d = run.dialect;
  const filtered = handles !== undefined;
  const params = filtered ? [d.handlesParam(handles)] : [];
  const tags = new TagInterner();
  if (source === "courses") {
    const courses = new Interner();
    const views = { handles: int32Column(), courses: int32Column(), seconds: float64Column() };
    await run.forEachRow(scans.views(d, filtered), params, (handle, course, seconds) => {
      views.handles.push(Number(handle));
      views.courses.push(courses.idOf(course as string));
      views.seconds.push(Number(seconds));
    });
    const courseTags = { courses: int32Column(), tags: int32Column() };
    await run.forEachRow(scans.courseTags(d, filtered), params, (courseId, raw) => {
      const course = courses.find(courseId as string);
      const tag = tags.idOf(raw as string);
      if (course < 0 || tag < 0) return;
      courseTags.courses.push(course);
      courseTags.tags.push(tag);
    });
    return weighCourses(
      { handles: views.handles.values(), courses: views.courses.values(), seconds: views.seconds.values() },
      { courses: courseTags.courses.values(), tags: courseTags.tags.values() },
      courses.names.length,
      tags.tags.names,
    );
  }
  const rows = { handles: int32Column(), tags: int32Column(), scores: float64Column() };
  const scored = source === "assessments";
  await run.forEachRow((scored ? scans.assessments : scans.interests)(d, filtered), params, (handle, raw, score) => {
    const tag = tags.idOf(raw as string);
    if (tag < 0) return;
    rows.handles.push(Number(handle));
    rows.tags.push(tag);
    if (scored) rows.scores.push(Number(score));
  });
  const read = { handles: rows.handles.values(), tags: rows.tags.values() };
  return scored ? weighAssessments({ ...read, scores: rows.scores.values() }, tags.tags.names) : weighInterests(read, tags.tags.names);
}

/** The (user, tag, weight) rows of one source, for every user or only `handles`: by handle, then tag (JavaScript
 *  string order). */
export async function sourceRows(run: SqlRunner, source: Source, handles?: readonly number[]): Promise<SourceRow[]> {
  return rowsOfSets(await readSourceSets(run, source, handles));
}

/** Every source's rows of `handles` only, in `sources` order (what patchProfiles takes for users whose data changed). */
export function rowsOfUsers(run: SqlRunner, handles: readonly number[]): Promise<SourceRow[][]> {
  return Promise.all(sources.map((source) => sourceRows(run, source, handles)));
}

/** N_s, the users with a non-empty set in a source, and df_s(t), the users having tag t in it. */
export interface DocumentFrequencies {
  users: number;
  df: Map<string, number>;
}

/** DocumentFrequencies of a source over the whole population (for loads of only some users). */
export async function documentFrequencies(run: SqlRunner, source: Source): Promise<DocumentFrequencies> {
  const sets = await readSourceSets(run, source);
  const counts = new Uint32Array(sets.tagNames.length);
  for (let j = 0; j < sets.tagIds.length; j++) counts[sets.tagIds[j]]++;
  return { users: sets.handles.length, df: new Map(sets.tagNames.map((tag, id) => [tag, counts[id]])) };
}
