/** Reads what the evaluation needs from a seeded database in a handful of statements (raw better-sqlite3 rows: a
 *  bulk path of ~550k rows, where Prisma's object mapping would dominate). */
import type Database from "better-sqlite3";
import { sourceRows, sqliteRunner } from "../profiles/source-rows.js";
import type { EvaluationData } from "./tasks.js";

export async function loadEvaluationData(db: Database.Database): Promise<EvaluationData> {
  // Tags normalized in SQL exactly as source-rows.ts does (lower(trim()), blanks dropped).
  const follows = (
    db
      .prepare(`SELECT user_handle, lower(trim(tag)), followed_at, id FROM interests WHERE lower(trim(tag)) <> ''`)
      .raw()
      .all() as [number, string, string, number][]
  ).map(([handle, item, at, id]) => ({ handle, item, at, id }));
  const views = (
    db.prepare(`SELECT user_handle, course_id, viewed_on, id, seconds FROM course_views`).raw().all() as [number, string, string, number, number][]
  ).map(([handle, item, at, id, seconds]) => ({ handle, item, at, id, seconds }));
  const courseTags = new Map<string, string[]>();
  const tagRows = db
    .prepare(`SELECT DISTINCT course_id, lower(trim(tag)) FROM course_tags WHERE lower(trim(tag)) <> ''`)
    .raw()
    .all() as [string, string][];
  for (const [course, tag] of tagRows) {
    const tags = courseTags.get(course);
    if (tags) tags.push(tag);
    else courseTags.set(course, [tag]);
  }
  const assessments = await sourceRows(sqliteRunner(db), "assessments");
  return { follows, views, courseTags, assessments };
}
