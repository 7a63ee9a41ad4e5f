import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { seedDatabase } from "../../src/import/seed-database.js";
import { generateSyntheticData } from "../../src/synth/generate.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let dir: string;
afterEach(() => {
  database?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe("the seed importer on synthetic output", () => {
  it("imports every generated row without rejecting any, blank course tags stored as untagged courses", async () => {
    database = freshDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), "kindred-synth-seed-"));
    const generated = generateSyntheticData({ users: 400, out: dir, seed: 2 });
    const summary = await seedDatabase({ dir, url: database.url });

    expect(summary.files.map((f) => [f.fileName, f.rowsRead, f.rejected])).toEqual(
      expect.arrayContaining([
        ["course_tags.csv", generated.rows["course_tags.csv"], 0],
        ["user_interests.csv", generated.rows["user_interests.csv"], 0],
        ["user_course_views.csv", generated.rows["user_course_views.csv"], 0],
        ["user_assessment_scores.csv", generated.rows["user_assessment_scores.csv"], 0],
      ]),
    );
    expect(summary.stored.interests).toBe(generated.rows["user_interests.csv"]);
    expect(summary.stored.course_views).toBe(generated.rows["user_course_views.csv"]);
    expect(summary.stored.assessment_scores).toBe(generated.rows["user_assessment_scores.csv"]);
    expect(summary.stored.course_tags + summary.blankTags).toBe(generated.rows["course_tags.csv"]);
    expect(summary.stored.users).toBe(400);
    expect(summary.stored.courses).toBe(generated.courses);
  });
});
