/** Reads what the evaluation needs from a seeded database in a handful of statements (rows as arrays: a bulk path
 *  of ~550k rows, where an ORM's object mapping would dominate), on either database through its SqlRunner. */
import { sourceRows, type SqlRunner } from "../profiles/source-rows.js";
import type { EvaluationData } from "./tasks.js";

export async function loadEvaluationData(run: SqlRunner): Promise<EvaluationData> {
  const d = run.dialect;
  // Tags normalized in SQL exactly as source-rows.ts does, blanks dropped; times as ISO text, compared as text.
  const follows = (
    (await run.query(
      `SELECT user_handle, ${d.normalizedTag("tag")}, ${d.isoText("followed_at")}, id FROM interests
       WHERE ${d.normalizedTag("tag")} <> '' ORDER BY id`,
      [],
    )) as [number, string, string, number][]
  ).map(([handle, item, at, id]) => ({ handle, item, at, id }));
  const views = (
    (await run.query(`SELECT user_handle, course_id, ${d.isoText("viewed_on")}, id, seconds FROM course_views ORDER BY id`, [])) as [
      number,
      string,
      string,
      number,
      number,
    ][]
  ).map(([handle, item, at, id, seconds]) => ({ handle, item, at, id, seconds }));
  const courseTags = new Map<string, string[]>();
  const tagRows = (await run.query(
    `SELECT DISTINCT course_id, ${d.normalizedTag("tag")} FROM course_tags WHERE ${d.normalizedTag("tag")} <> '' ORDER BY 1, 2`,
    [],
  )) as [string, string][];
  for (const [course, tag] of tagRows) {
    const tags = courseTags.get(course);
    if (tags) tags.push(tag);
    else courseTags.set(course, [tag]);
  }
  const assessments = await sourceRows(run, "assessments");
  return { follows, views, courseTags, assessments };
}
