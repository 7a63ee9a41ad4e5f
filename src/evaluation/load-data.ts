/** Reads what the evaluation needs from a seeded database in a handful of statements (rows as arrays: a bulk path
 *  of ~550k rows, where an ORM's object mapping would dominate), on either database through its SqlRunner. */
import { sourceRows, type SqlRunner } from "../profiles/source-rows.js";
import { normalizedTag } from "../profiles/tag-names.js";
import type { EvaluationData } from "./tasks.js";

export async function loadEvaluationData(run: SqlRunner): Promise<EvaluationData> {
  const d = run.dialect;
  // Tags normalized as the profiles normalize them, blanks dropped; times as ISO text, compared as text.
  const follows = (
    (await run.query(`SELECT user_handle, tag, ${d.isoText("followed_at")}, id FROM interests ORDER BY id`, [])) as [
      number,
      string,
      string,
      number,
    ][]
  )
    .map(([handle, tag, at, id]) => ({ handle, item: normalizedTag(tag), at, id }))
    .filter((f) => f.item !== "");
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
  for (const [course, raw] of (await run.query(`SELECT course_id, tag FROM course_tags`, [])) as [string, string][]) {
    const tag = normalizedTag(raw);
    const tags = courseTags.get(course);
    if (tag === "" || tags?.includes(tag)) continue;
    if (tags) tags.push(tag);
    else courseTags.set(course, [tag]);
  }
  const assessments = await sourceRows(run, "assessments");
  return { follows, views, courseTags, assessments };
}
