import type Database from "better-sqlite3";
import type { Source } from "./source.js";

/** One (user, tag) of a source with its weight before idf; weight > 0. Tags are trimmed and lower-cased. */
export interface SourceRow {
  handle: number;
  tag: string;
  weight: number;
}

// One statement per source, whatever the number of users. Tags are normalized in SQL (lower(trim())) and blank
// tags dropped, so "Python " and "python" are one tag and a course's time counts once per normalized tag. A user
// filter arrives as one JSON array parameter, so the statement text (and SQLite's prepared plan) never varies.
// Rows whose weight would be 0 (0 seconds watched, a score of 0) are absent by the definition "weight 0 = absent".
const userFilter = (column: string, filtered: boolean) =>
  filtered ? `AND ${column} IN (SELECT value FROM json_each(?))` : "";

const statements: Record<Source, (filtered: boolean) => string> = {
  // w = 1 for each distinct tag the user follows.
  interests: (filtered) => `
    SELECT user_handle AS handle, lower(trim(tag)) AS tag, 1.0 AS weight
    FROM interests
    WHERE lower(trim(tag)) <> '' ${userFilter("user_handle", filtered)}
    GROUP BY user_handle, lower(trim(tag))`,
  // w = ln(1 + T / 60), T = total seconds over the user's views of courses carrying the tag. Views are summed per
  // (user, course) before the join, so the join and its sort see one row per course a user watched rather than one
  // per view; the rows are identical, the sums being of integers.
  // For some users, the courses' tags are read for the courses they watched only: SQLite otherwise builds the
  // distinct tags of every course for each call (measured: 33-42 ms against 5 ms for 21 users, the same rows).
  courses: (filtered) => `
    ${filtered ? "WITH wanted AS (SELECT value AS handle FROM json_each(?))" : ""}
    SELECT uc.user_handle AS handle, ct.tag AS tag, ln(1.0 + SUM(uc.seconds) / 60.0) AS weight
    FROM (SELECT user_handle, course_id, SUM(seconds) AS seconds FROM course_views
          WHERE 1 ${filtered ? "AND user_handle IN (SELECT handle FROM wanted)" : ""} GROUP BY user_handle, course_id) uc
    JOIN (SELECT DISTINCT course_id, lower(trim(tag)) AS tag FROM course_tags WHERE lower(trim(tag)) <> ''
          ${filtered ? "AND course_id IN (SELECT course_id FROM course_views WHERE user_handle IN (SELECT handle FROM wanted))" : ""}) ct
      ON ct.course_id = uc.course_id
    GROUP BY uc.user_handle, ct.tag
    HAVING SUM(uc.seconds) > 0`,
  // w = the user's highest score on the tag / 100.
  assessments: (filtered) => `
    SELECT user_handle AS handle, lower(trim(tag)) AS tag, MAX(score) / 100.0 AS weight
    FROM assessment_scores
    WHERE lower(trim(tag)) <> '' ${userFilter("user_handle", filtered)}
    GROUP BY user_handle, lower(trim(tag))
    HAVING MAX(score) > 0`,
};

/**
 * Runs one read-only statement and returns its rows as arrays of column values: the profiles' store. The statements
 * above are the one definition of the weights; a runner only says which driver executes them.
 */
export type SqlRunner = (sql: string, params: readonly string[]) => Promise<unknown[][]>;

/** Through better-sqlite3, each statement prepared once and its rows read as arrays (no object per row). */
export function sqliteRunner(db: Database.Database): SqlRunner {
  const prepared = new Map<string, Database.Statement<unknown[], unknown[]>>();
  return async (sql, params) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare<unknown[], unknown[]>(sql).raw(true)));
    return statement.all(...params);
  };
}

/** The (user, tag, weight) rows of one source, for every user or only `handles`. Order is unspecified. */
export async function sourceRows(run: SqlRunner, source: Source, handles?: readonly number[]): Promise<SourceRow[]> {
  const sql = statements[source](handles !== undefined);
  const rows = await run(sql, handles !== undefined ? [JSON.stringify(handles)] : []);
  return rows.map(([handle, tag, weight]) => ({ handle: Number(handle), tag: String(tag), weight: Number(weight) }));
}

/** N_s, the users with a non-empty set in a source, and df_s(t), the users having tag t in it. */
export interface DocumentFrequencies {
  users: number;
  df: Map<string, number>;
}

/** DocumentFrequencies of a source over the whole population, counted in SQL (for loads of only some users). */
export async function documentFrequencies(run: SqlRunner, source: Source): Promise<DocumentFrequencies> {
  // One evaluation of the source's statement for both counts (MATERIALIZED: SQLite would otherwise inline it twice).
  const rows = await run(
    `WITH s AS MATERIALIZED (${statements[source](false)})
     SELECT tag, COUNT(*) AS df, (SELECT COUNT(DISTINCT handle) FROM s) AS n FROM s GROUP BY tag`,
    [],
  );
  return {
    users: rows.length === 0 ? 0 : Number(rows[0][2]),
    df: new Map(rows.map(([tag, df]) => [String(tag), Number(df)])),
  };
}
