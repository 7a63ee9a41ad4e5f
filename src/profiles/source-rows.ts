import type Database from "better-sqlite3";
import type pg from "pg";
import { type Source, sources } from "./source.js";

/** One (user, tag) of a source with its weight before idf; weight > 0. Tags are trimmed and lower-cased. */
export interface SourceRow {
  handle: number;
  tag: string;
  weight: number;
}

/**
 * What the profiles' statements say differently on SQLite and on PostgreSQL, so that both compute the same weights
 * to the bit and the same tags (the engine numbers a source's tags in their sorted order, load-profiles.ts, so the
 * tags fix the order its sums run in) and return the rows in the same order: one definition of the statements, two
 * spellings of a few fragments.
 */
export interface SqlDialect {
  /** True when `column` is one of the handles of the statement's one parameter (handlesParam's value). */
  inHandles(column: string): string;
  handlesParam(handles: readonly number[]): unknown;
  /**
   * A tag trimmed of spaces and with ASCII letters lower-cased, compared and sorted bytewise. SQLite's lower() (no
   * ICU) changes ASCII letters only and its BINARY collation compares bytes; PostgreSQL's lower() follows the
   * database's locale unless the text is in the "C" collation, which also makes its comparisons bytewise.
   */
  normalizedTag(column: string): string;
  /** `expression` as a double: SQLite divides an integer by a real in doubles, PostgreSQL in exact numeric. */
  double(expression: string): string;
  /** A timestamp column as the ISO text SQLite stores, `2017-06-27T16:26:52.000+00:00` (it sorts as the instant). */
  isoText(column: string): string;
}

export const sqliteDialect: SqlDialect = {
  // One JSON array parameter, so the statement text (and SQLite's prepared plan) never varies with the handles.
  inHandles: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  handlesParam: (handles) => JSON.stringify(handles),
  normalizedTag: (column) => `lower(trim(${column}))`,
  double: (expression) => expression,
  isoText: (column) => column,
};

export const postgresDialect: SqlDialect = {
  // One array parameter; bigint, since a handle the API accepts can exceed the int columns' range.
  inHandles: (column) => `${column} = ANY($1::bigint[])`,
  handlesParam: (handles) => handles,
  normalizedTag: (column) => `lower(trim(${column}) COLLATE "C")`,
  double: (expression) => `(${expression})::float8`,
  isoText: (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')`,
};

// One statement per source, whatever the number of users. Tags are normalized in SQL and blank tags dropped, so
// "Python " and "python" are one tag and a course's time counts once per normalized tag. Rows whose weight would be
// 0 (0 seconds watched, a score of 0) are absent by the definition "weight 0 = absent". ORDER BY handle, tag: the
// order SQLite's GROUP BY gives anyway, stated so that PostgreSQL gives it too.
const userFilter = (d: SqlDialect, column: string, filtered: boolean) => (filtered ? `AND ${d.inHandles(column)}` : "");

const statements: Record<Source, (d: SqlDialect, filtered: boolean) => string> = {
  // w = 1 for each distinct tag the user follows.
  interests: (d, filtered) => `
    SELECT user_handle AS handle, ${d.normalizedTag("tag")} AS tag, ${d.double("1.0")} AS weight
    FROM interests
    WHERE ${d.normalizedTag("tag")} <> '' ${userFilter(d, "user_handle", filtered)}
    GROUP BY user_handle, ${d.normalizedTag("tag")}
    ORDER BY 1, 2`,
  // w = ln(1 + T / 60), T = total seconds over the user's views of courses carrying the tag. Views are summed per
  // (user, course) before the join, so the join and its sort see one row per course a user watched rather than one
  // per view; the rows are identical, the sums being of integers.
  // For some users, the courses' tags are read for the courses they watched only: SQLite otherwise builds the
  // distinct tags of every course for each call (measured: 33-42 ms against 5 ms for 21 users, the same rows). The
  // per-course sums are a CTE so that both filters use the statement's one parameter.
  courses: (d, filtered) => `
    WITH uc AS (SELECT user_handle, course_id, SUM(seconds) AS seconds FROM course_views
                WHERE TRUE ${userFilter(d, "user_handle", filtered)} GROUP BY user_handle, course_id)
    SELECT uc.user_handle AS handle, ct.tag AS tag, ln(1.0 + ${d.double("SUM(uc.seconds)")} / 60.0) AS weight
    FROM uc
    JOIN (SELECT DISTINCT course_id, ${d.normalizedTag("tag")} AS tag FROM course_tags WHERE ${d.normalizedTag("tag")} <> ''
          ${filtered ? "AND course_id IN (SELECT course_id FROM uc)" : ""}) ct
      ON ct.course_id = uc.course_id
    GROUP BY uc.user_handle, ct.tag
    HAVING SUM(uc.seconds) > 0
    ORDER BY 1, 2`,
  // w = the user's highest score on the tag / 100.
  assessments: (d, filtered) => `
    SELECT user_handle AS handle, ${d.normalizedTag("tag")} AS tag, ${d.double("MAX(score)")} / 100.0 AS weight
    FROM assessment_scores
    WHERE ${d.normalizedTag("tag")} <> '' ${userFilter(d, "user_handle", filtered)}
    GROUP BY user_handle, ${d.normalizedTag("tag")}
    HAVING MAX(score) > 0
    ORDER BY 1, 2`,
};

/**
 * Runs read-only statements written for its dialect and returns their rows as arrays of column values: the
 * profiles' store. The statements above are the one definition of the weights; a runner only says which driver
 * executes them.
 */
export interface SqlRunner {
  dialect: SqlDialect;
  query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
}

/** Rows read between two turns of the event loop: a server loading every profile (its live updates, after a new
 *  run) goes on answering requests meanwhile instead of stopping for seconds. */
const rowsPerTurn = 1 << 16;

/** Through better-sqlite3, each statement prepared once and its rows read as arrays (no object per row), giving the
 *  event loop a turn every rowsPerTurn rows. A connection runs one statement at a time, and an open iteration keeps
 *  it busy across those turns, so the runner's statements run one after another. */
export function sqliteRunner(db: Database.Database): SqlRunner {
  const prepared = new Map<string, Database.Statement<unknown[], unknown[]>>();
  let tail: Promise<unknown> = Promise.resolve();
  const run = async (sql: string, params: readonly unknown[]) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare<unknown[], unknown[]>(sql).raw(true)));
    const rows: unknown[][] = [];
    for (const row of statement.iterate(...params) as IterableIterator<unknown[]>) {
      if (rows.push(row) % rowsPerTurn === 0) await new Promise(setImmediate);
    }
    return rows;
  };
  return {
    dialect: sqliteDialect,
    query(sql, params) {
      const result = tail.then(() => run(sql, params));
      tail = result.catch(() => {});
      return result;
    },
  };
}

/** Through a pg pool, each statement text a named (server-side prepared) statement, rows read as arrays. */
export function postgresRunner(pool: pg.Pool): SqlRunner {
  const names = new Map<string, string>();
  return {
    dialect: postgresDialect,
    async query(sql, params) {
      let name = names.get(sql);
      if (!name) names.set(sql, (name = `profiles_${names.size + 1}`));
      return (await pool.query<unknown[]>({ name, text: sql, values: [...params], rowMode: "array" })).rows;
    },
  };
}

/** The (user, tag, weight) rows of one source, for every user or only `handles`. Order is unspecified. */
export async function sourceRows(run: SqlRunner, source: Source, handles?: readonly number[]): Promise<SourceRow[]> {
  const sql = statements[source](run.dialect, handles !== undefined);
  const rows = await run.query(sql, handles !== undefined ? [run.dialect.handlesParam(handles)] : []);
  return rows.map(([handle, tag, weight]) => ({ handle: Number(handle), tag: String(tag), weight: Number(weight) }));
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

/** DocumentFrequencies of a source over the whole population, counted in SQL (for loads of only some users). */
export async function documentFrequencies(run: SqlRunner, source: Source): Promise<DocumentFrequencies> {
  // One evaluation of the source's statement for both counts (MATERIALIZED: SQLite would otherwise inline it twice).
  const rows = await run.query(
    `WITH s AS MATERIALIZED (${statements[source](run.dialect, false)})
     SELECT tag, COUNT(*) AS df, (SELECT COUNT(DISTINCT handle) FROM s) AS n FROM s GROUP BY tag`,
    [],
  );
  return {
    users: rows.length === 0 ? 0 : Number(rows[0][2]),
    df: new Map(rows.map(([tag, df]) => [String(tag), Number(df)])),
  };
}
