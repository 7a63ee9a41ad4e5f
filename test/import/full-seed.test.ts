// The real seeds/ folder end to end: every data row of each file is stored, except the 112 blank course tags (courses
// without tags) and the 18,209 exact duplicate interests, which collapse (297,526 rows → 279,317). Every course has
// one author but play-by-play-lea-verou, which has two (5,942 courses, 5,943 course authors).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { openSqlite } from "../../src/db.js";
import { seedDatabase, type SeedSummary } from "../../src/import/seed-database.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let summary: SeedSummary;
beforeAll(async () => {
  database = freshDatabase();
  summary = await seedDatabase({ dir: path.join(projectRoot, "seeds"), url: database.url });
}, 120_000);
afterAll(() => database.remove());

describe("seeding seeds/", () => {
  it("reads every data row of the four files and rejects none", () => {
    expect(summary.files.map((f) => [f.fileName, f.rowsRead, f.rejected])).toEqual([
      ["course_tags.csv", 11_337, 0],
      ["user_assessment_scores.csv", 6_571, 0],
      ["user_interests.csv", 297_526, 0],
      ["user_course_views.csv", 249_238, 0],
    ]);
  });

  it("stores each table's rows: blank tags dropped, duplicate interests collapsed", () => {
    expect(summary.stored).toEqual({
      users: 10_000,
      courses: 5_942,
      course_authors: 5_943,
      course_tags: 11_225,
      interests: 279_317,
      course_views: 249_238,
      assessment_scores: 6_571,
    });
    expect(summary.blankTags).toBe(112);
    expect(summary.duplicates).toEqual({ interests: 18_209, course_tags: 0 });
  });

  it("counts the same rows in the database as in the summary", () => {
    const db = openSqlite(database.url);
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count("users"), count("courses"), count("course_tags"), count("interests"), count("course_views")]).toEqual([
      10_000, 5_942, 11_225, 279_317, 249_238,
    ]);
    db.close();
  });

  it("stores the file's first view as printed in the data's provenance notes", () => {
    const db = openSqlite(database.url);
    expect(db.prepare("SELECT * FROM course_views WHERE id = 1").get()).toEqual({
      id: 1,
      user_handle: 1,
      course_id: "cpt-sp2010-web-designers-branding-intro",
      viewed_on: "2017-06-27T00:00:00.000+00:00",
      author_handle: 875,
      seconds: 3786,
    });
    expect(db.prepare("SELECT * FROM courses WHERE id = 'cpt-sp2010-web-designers-branding-intro'").get()).toEqual({
      id: "cpt-sp2010-web-designers-branding-intro",
      level: "Beginner",
    });
    expect(db.prepare("SELECT author_handle FROM course_authors WHERE course_id = 'cpt-sp2010-web-designers-branding-intro'").all()).toEqual([
      { author_handle: 875 },
    ]);
    db.close();
  });

  it("stores play-by-play-lea-verou's two authors and both of user 6092's views of it on 2017-08-18, as printed", () => {
    const db = openSqlite(database.url);
    expect(db.prepare("SELECT author_handle FROM course_authors WHERE course_id = 'play-by-play-lea-verou' ORDER BY 1").all()).toEqual([
      { author_handle: 328 },
      { author_handle: 568 },
    ]);
    const sameDay = db.prepare(
      `SELECT author_handle, seconds FROM course_views
       WHERE user_handle = 6092 AND course_id = 'play-by-play-lea-verou' AND viewed_on = '2017-08-18T00:00:00.000+00:00' ORDER BY id`,
    );
    expect(sameDay.all()).toEqual([
      { author_handle: 328, seconds: 137 },
      { author_handle: 568, seconds: 305 },
    ]);
    db.close();
  });
});
