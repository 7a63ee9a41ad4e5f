// Authorship as the data has it. In seeds/user_course_views.csv, play-by-play-lea-verou has two authors (328 and
// 568), and user 6092 has one row for each on 2017-08-18 (lines 153,101 and 153,102, rows printed from the original
// in a public notebook). The file below is that case in small:
//   line 2: user 1 watched play-by-play (author 328) on 2017-08-18 for 100 s;
//   line 3: user 1 watched it again that day under author 568 for 50 s: a second row for (1, play-by-play, day);
//   line 4: user 2 watched it under 568 on 2017-08-19 for 30 s;
//   line 5: user 2 watched intro-to-python (author 875).
// So play-by-play has authors 328 and 568, both of user 1's rows are stored with their own author, and user 1's
// course weight counts 150 s: ln(1 + 150 / 60) for each of the course's tags.
import { beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { sourceRows, sqliteRunner } from "../../src/profiles/source-rows.js";
import { selectAll } from "../support/database.js";
import { seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();
beforeEach(async () => {
  const folder = bed.folder({
    "course_tags.csv": `"course_id","course_tags"\n"play-by-play","css"\n"intro-to-python","python"\n`,
    "user_course_views.csv":
      `"user_handle","view_date","course_id","author_handle","level","view_time_seconds"\n` +
      `1,2017-08-18,"play-by-play",328,"Advanced",100\n` +
      `1,2017-08-18,"play-by-play",568,"Advanced",50\n` +
      `2,2017-08-19,"play-by-play",568,"Advanced",30\n` +
      `2,2017-08-19,"intro-to-python",875,"Beginner",60\n`,
  });
  await seedDatabase({ dir: folder, url: bed.database.url });
});

const rows = (sql: string) => selectAll(bed.database.url, sql);

describe("a course with two authors", () => {
  it("stores every author its views name, once each", () => {
    expect(rows("SELECT course_id, author_handle FROM course_authors ORDER BY course_id, author_handle")).toEqual([
      { course_id: "intro-to-python", author_handle: 875 },
      { course_id: "play-by-play", author_handle: 328 },
      { course_id: "play-by-play", author_handle: 568 },
    ]);
  });

  it("keeps both rows of one user, course and day, each with its own author", () => {
    expect(rows("SELECT user_handle, course_id, viewed_on, author_handle, seconds FROM course_views ORDER BY id")).toEqual([
      { user_handle: 1, course_id: "play-by-play", viewed_on: "2017-08-18T00:00:00.000+00:00", author_handle: 328, seconds: 100 },
      { user_handle: 1, course_id: "play-by-play", viewed_on: "2017-08-18T00:00:00.000+00:00", author_handle: 568, seconds: 50 },
      { user_handle: 2, course_id: "play-by-play", viewed_on: "2017-08-19T00:00:00.000+00:00", author_handle: 568, seconds: 30 },
      { user_handle: 2, course_id: "intro-to-python", viewed_on: "2017-08-19T00:00:00.000+00:00", author_handle: 875, seconds: 60 },
    ]);
  });

  it("counts both same-day rows toward the course weight", async () => {
    const db = openSqlite(bed.database.url);
    try {
      const weights = await sourceRows(sqliteRunner(db), "courses", [1]);
      expect(weights).toEqual([{ handle: 1, tag: "css", weight: Math.log(1 + 150 / 60) }]);
    } finally {
      db.close();
    }
  });
});
