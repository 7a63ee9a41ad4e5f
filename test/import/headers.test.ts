// Headers are matched by name in any order, with the challenge brief's spellings accepted too; a missing column
// stops the import before any row is read, naming file and column; an extra column is ignored with a warning.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { ImportError } from "../../src/import/import-errors.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();

/** Seeds `folder`; returns the ImportError (fails if the seed succeeds). */
async function seedFolderError(folder: string): Promise<ImportError> {
  const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

const seedError = (files: Record<string, string | null>) => seedFolderError(bed.folder(files));

describe("header names", () => {
  it("accepts the brief's course_name and course_view_time_seconds, columns in any order", async () => {
    const folder = bed.folder({
      "user_course_views.csv": `"level","course_view_time_seconds","course_name","author_handle","view_date","user_handle"\n"Intermediate",42,"c-sharp-intro",12,"2017-07-04",9\n`,
      "course_tags.csv": `"course_tags","course_name"\n"c#","c-sharp-intro"\n`,
    });
    await seedDatabase({ dir: folder, url: bed.database.url });
    const db = openSqlite(bed.database.url);
    expect(db.prepare("SELECT user_handle, course_id, viewed_on, author_handle, seconds FROM course_views").all()).toEqual([
      { user_handle: 9, course_id: "c-sharp-intro", viewed_on: "2017-07-04T00:00:00.000+00:00", author_handle: 12, seconds: 42 },
    ]);
    expect(db.prepare("SELECT id, level FROM courses").all()).toEqual([{ id: "c-sharp-intro", level: "Intermediate" }]);
    db.close();
  });

  it("names a column in errors as the file spells it", async () => {
    const error = await seedError({
      "user_course_views.csv": `"user_handle","view_date","course_name","author_handle","level","course_view_time_seconds"\n1,"2017-06-27","c",1,"Beginner",-1\n`,
    });
    expect(error.lines[0]).toBe(`user_course_views.csv:2: course_view_time_seconds: not a non-negative integer (got "-1")`);
  });

  it("refuses a missing column naming file and column, before reading rows of any file", async () => {
    const error = await seedError({
      "user_interests.csv": `"user_handle","interest_tag"\n1,"python"\n`,
      "user_course_views.csv": `"user_handle","view_date","course_id","author_handle","level"\n1,"2017-06-27","c",1,"Beginner"\n`,
    });
    expect(error.code).toBe("BAD_HEADER");
    expect(error.lines).toEqual([
      `user_interests.csv:1: date_followed: missing column (header: user_handle, interest_tag)`,
      `user_course_views.csv:1: view_time_seconds: missing column (header: user_handle, view_date, course_id, author_handle, level; also accepted: course_view_time_seconds)`,
    ]);
  });

  it("refuses a column given twice under two accepted names", async () => {
    const error = await seedError({ "course_tags.csv": `"course_id","course_name","course_tags"\n"a","a","t"\n` });
    expect(error.lines).toEqual([`course_tags.csv:1: course_id: column appears more than once (course_id, course_name)`]);
  });

  it("ignores an extra column with a warning", async () => {
    const folder = bed.folder({ "user_interests.csv": `"user_handle","source","interest_tag","date_followed"\n4,"web","go","2017-06-27 16:26:52"\n` });
    const warnings: string[] = [];
    const summary = await seedDatabase({ dir: folder, url: bed.database.url, onWarning: (line) => warnings.push(line) });
    expect(warnings).toEqual([`user_interests.csv:1: source: not a column of this file, ignored`]);
    expect(summary.stored.interests).toBe(1);
  });

  it("refuses an empty file", async () => {
    const error = await seedError({ "course_tags.csv": "" });
    expect(error.lines).toEqual([`course_tags.csv:1: header: file is empty`]);
  });
});

describe("finding the files", () => {
  it("names every missing file", async () => {
    const folder = bed.folder({ "course_tags.csv": null, "user_interests.csv": null });
    const error = await seedFolderError(folder);
    expect(error.code).toBe("MISSING_FILE");
    expect(error.lines).toEqual([
      `${path.join(folder, "course_tags")}.csv: no such file (nor course_tags.csv.gz)`,
      `${path.join(folder, "user_interests")}.csv: no such file (nor user_interests.csv.gz)`,
    ]);
  });

  it("refuses a file present both as .csv and .csv.gz", async () => {
    const folder = bed.folder();
    writeFileSync(path.join(folder, "course_tags.csv.gz"), "");
    const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
    expect((error as ImportError).lines).toEqual([
      `${path.join(folder, "course_tags")}.csv: both course_tags.csv and course_tags.csv.gz exist; keep one`,
    ]);
  });

  it("refuses a database without the migrations", async () => {
    const folder = bed.folder();
    const url = `file:${path.join(folder, "empty.db")}`;
    const error = await seedDatabase({ dir: folder, url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NOT_MIGRATED" });
    expect((error as ImportError).lines[0]).toMatch(/empty\.db: no users, courses, .* tables; apply the migrations first/);
  });
});
