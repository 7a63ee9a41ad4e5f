// Each kind of invalid row, as the whole line the seed prints: `file:line: column: reason (detail)`. By default any
// invalid row fails the import and names up to 20 of them; the lines below are line 2+ of small files.
import { describe, expect, it } from "vitest";
import { ImportError } from "../../src/import/import-errors.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();

const interestsHeader = `"user_handle","interest_tag","date_followed"\n`;
const viewsHeader = `"user_handle","view_date","course_id","author_handle","level","view_time_seconds"\n`;
const refusal = (n: number) => `${n} invalid row${n === 1 ? "" : "s"}; nothing was imported (--skip-invalid imports the valid rows)`;

/** Seeds the good fixture with `files` replaced; returns the ImportError's lines (fails if the seed succeeds). */
async function errorLines(files: Record<string, string>): Promise<readonly string[]> {
  const folder = bed.folder(files);
  const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return (error as ImportError).lines;
}

describe("invalid cells", () => {
  it("refuses a handle that is not a positive integer", async () => {
    const lines = await errorLines({
      "user_interests.csv": `${interestsHeader}1,"python","2017-06-27 16:26:52"\nabc,"python","2017-06-27 16:26:52"\n0,"git","2017-06-27 16:26:52"\n`,
    });
    expect(lines).toEqual([
      `user_interests.csv:3: user_handle: not a positive integer (got "abc")`,
      `user_interests.csv:4: user_handle: not a positive integer (got "0")`,
      refusal(2),
    ]);
  });

  it("refuses an author handle beyond 32 bits rather than wrapping it", async () => {
    const lines = await errorLines({
      "user_course_views.csv": `${viewsHeader}1,"2017-06-27","intro-to-python",99999999999,"Beginner",10\n`,
    });
    expect(lines).toEqual([`user_course_views.csv:2: author_handle: larger than 2147483647 (got "99999999999")`, refusal(1)]);
  });

  it("refuses dates in another format and dates not on the calendar", async () => {
    const lines = await errorLines({
      "user_interests.csv": `${interestsHeader}1,"python","2017/06/27"\n1,"git","2017-02-29 10:00:00"\n1,"go","2017-06-27 24:00:00"\n2,"git","2016-02-29 10:00:00"\n`,
    });
    expect(lines).toEqual([
      `user_interests.csv:2: date_followed: not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS) (got "2017/06/27")`,
      `user_interests.csv:3: date_followed: not a calendar date (got "2017-02-29 10:00:00")`,
      `user_interests.csv:4: date_followed: not a time of day (got "2017-06-27 24:00:00")`,
      refusal(3),
    ]);
  });

  it("refuses negative seconds and scores", async () => {
    const lines = await errorLines({
      "user_course_views.csv": `${viewsHeader}1,"2017-06-27","intro-to-python",875,"Beginner",-5\n`,
      "user_assessment_scores.csv": `"user_handle","assessment_tag","user_assessment_date","user_assessment_score"\n7,"python","2017-08-11 19:03:38",-1\n`,
    });
    expect(lines).toEqual([
      `user_assessment_scores.csv:2: user_assessment_score: not a non-negative integer (got "-1")`,
      `user_course_views.csv:2: view_time_seconds: not a non-negative integer (got "-5")`,
      refusal(2),
    ]);
  });

  it("refuses an unknown level", async () => {
    const lines = await errorLines({ "user_course_views.csv": `${viewsHeader}1,"2017-06-27","intro-to-python",875,"Expert",10\n` });
    expect(lines).toEqual([
      `user_course_views.csv:2: level: not a level (Beginner, Intermediate or Advanced) (got "Expert")`,
      refusal(1),
    ]);
  });

  it("refuses a blank interest tag", async () => {
    const lines = await errorLines({ "user_interests.csv": `${interestsHeader}1," ","2017-06-27 16:26:52"\n` });
    expect(lines).toEqual([`user_interests.csv:2: interest_tag: blank`, refusal(1)]);
  });
});

describe("invalid rows", () => {
  it("refuses a row with the wrong number of cells", async () => {
    const lines = await errorLines({
      "user_interests.csv": `${interestsHeader}1,"python","2017-06-27 16:26:52"\n1,"python","2017-06-27 16:26:52","extra"\n2,"git"\n`,
    });
    expect(lines).toEqual([
      `user_interests.csv:3: row: wrong number of cells (expected 3, got 4)`,
      `user_interests.csv:4: row: wrong number of cells (expected 3, got 2)`,
      refusal(2),
    ]);
  });

  it("refuses a view whose course has another level on an earlier line, naming that line (another author is fine)", async () => {
    const lines = await errorLines({
      "user_course_views.csv":
        viewsHeader +
        `1,"2017-06-27","intro-to-python",875,"Beginner",10\n` +
        `2,"2017-06-28","intro-to-python",876,"Beginner",10\n` +
        `3,"2017-06-28","intro-to-python",876,"Advanced",10\n`,
    });
    expect(lines).toEqual([
      `user_course_views.csv:4: level: differs from an earlier view of the course (course "intro-to-python" has Beginner on line 2, got "Advanced")`,
      refusal(1),
    ]);
  });

  it("prints the first 20 invalid rows and counts the rest", async () => {
    const bad = Array.from({ length: 25 }, (_, i) => `x${i},"python","2017-06-27 16:26:52"\n`).join("");
    const lines = await errorLines({ "user_interests.csv": interestsHeader + bad });
    expect(lines).toHaveLength(22);
    expect(lines[0]).toBe(`user_interests.csv:2: user_handle: not a positive integer (got "x0")`);
    expect(lines[19]).toBe(`user_interests.csv:21: user_handle: not a positive integer (got "x19")`);
    expect(lines.slice(20)).toEqual(["… and 5 more invalid rows", refusal(25)]);
  });
});

describe("--skip-invalid", () => {
  it("imports the valid rows and counts the rejected ones per file and reason", async () => {
    const folder = bed.folder({
      "user_interests.csv":
        interestsHeader +
        `1,"python","2017-06-27 16:26:52"\n` +
        `abc,"python","2017-06-27 16:26:52"\n` +
        `-2,"git","2017-06-27 16:26:52"\n` +
        `2,"git","2017-13-01 00:00:00"\n` +
        `2,"git"\n`,
      "user_course_views.csv": `${viewsHeader}1,"2017-06-27","intro-to-python",875,"Expert",10\n3,"2017-06-28","docker",281,"Advanced",5\n`,
    });
    const summary = await seedDatabase({ dir: folder, url: bed.database.url, skipInvalid: true });
    const byFile = Object.fromEntries(summary.files.map((f) => [f.fileName, [f.rowsRead, f.rejected, f.rejectedByKind]]));
    expect(byFile["user_interests.csv"]).toEqual([
      5,
      4,
      [
        ["user_handle: not a positive integer", 2],
        ["date_followed: not a calendar date", 1],
        ["row: wrong number of cells", 1],
      ],
    ]);
    expect(byFile["user_course_views.csv"]).toEqual([2, 1, [["level: not a level (Beginner, Intermediate or Advanced)", 1]]]);
    expect(summary.stored.interests).toBe(1);
    expect(summary.stored.course_views).toBe(1);
  });
});
