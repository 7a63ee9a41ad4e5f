// The good fixture (test/fixtures/import/good), worked by hand:
//   course_tags: intro-to-python has "python" and " Programming " (trimmed); art-of-blender has a blank tag, so the
//     course exists with no tag row.
//   views: user 1 watched intro-to-python (author 875, Beginner); user 3 watched docker-deep-dive, which course_tags
//     does not list (author 281, "advanced" stored as Advanced, 0 seconds).
//   interests: user 1 follows python twice at the same instant (one exact duplicate), user 2 follows blender.
//   assessments: user 7 scored 134 in python.
//   users: 1, 2, 3 and 7 (authors 875 and 281 are not users).
import { describe, expect, it } from "vitest";
import path from "node:path";
import { createPrisma } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { selectAll } from "../support/database.js";
import { fixtures, seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();

const seedGood = () => seedDatabase({ dir: path.join(fixtures, "good"), url: bed.database.url });

const rows = (sql: string) => selectAll(bed.database.url, sql);

describe("seeding the good fixture", () => {
  it("stores users for every handle in interests, views and assessments, and no authors", async () => {
    await seedGood();
    expect(rows("SELECT handle FROM users ORDER BY handle")).toEqual([{ handle: 1 }, { handle: 2 }, { handle: 3 }, { handle: 7 }]);
  });

  it("stores courses from course_tags and views, with level and authors from the views, level in canonical case", async () => {
    await seedGood();
    expect(rows("SELECT id, level FROM courses ORDER BY id")).toEqual([
      { id: "art-of-blender", level: null },
      { id: "docker-deep-dive", level: "Advanced" },
      { id: "intro-to-python", level: "Beginner" },
    ]);
    expect(rows("SELECT course_id, author_handle FROM course_authors ORDER BY course_id")).toEqual([
      { course_id: "docker-deep-dive", author_handle: 281 },
      { course_id: "intro-to-python", author_handle: 875 },
    ]);
  });

  it("stores trimmed tags and no row for a blank tag", async () => {
    const summary = await seedGood();
    expect(rows("SELECT course_id, tag FROM course_tags ORDER BY tag")).toEqual([
      { course_id: "intro-to-python", tag: "Programming" },
      { course_id: "intro-to-python", tag: "python" },
    ]);
    expect(summary.blankTags).toBe(1);
  });

  it("collapses exact duplicate interests and counts them", async () => {
    const summary = await seedGood();
    expect(rows("SELECT user_handle, tag, followed_at FROM interests ORDER BY id")).toEqual([
      { user_handle: 1, tag: "python", followed_at: "2017-06-27T16:26:52.000+00:00" },
      { user_handle: 2, tag: "blender", followed_at: "2017-07-01T09:00:00.000+00:00" },
    ]);
    expect(summary.duplicates.interests).toBe(1);
    expect(summary.files.find((f) => f.file === "user_interests")?.rowsRead).toBe(3);
  });

  it("stores views and assessments with dates as Prisma writes them", async () => {
    await seedGood();
    expect(rows("SELECT id, user_handle, course_id, viewed_on, author_handle, seconds FROM course_views ORDER BY id")).toEqual([
      { id: 1, user_handle: 1, course_id: "intro-to-python", viewed_on: "2017-06-27T00:00:00.000+00:00", author_handle: 875, seconds: 3786 },
      { id: 2, user_handle: 3, course_id: "docker-deep-dive", viewed_on: "2017-06-28T00:00:00.000+00:00", author_handle: 281, seconds: 0 },
    ]);
    expect(rows("SELECT user_handle, tag, taken_at, score FROM assessment_scores")).toEqual([
      { user_handle: 7, tag: "python", taken_at: "2017-08-11T19:03:38.000+00:00", score: 134 },
    ]);
  });

  it("writes dates Prisma reads back as the same UTC instants", async () => {
    await seedGood();
    const prisma = createPrisma(bed.database.url);
    try {
      const interest = await prisma.interest.findFirstOrThrow({ where: { userHandle: 2 } });
      expect(interest.followedAt.toISOString()).toBe("2017-07-01T09:00:00.000Z");
    } finally {
      await prisma.$disconnect();
    }
  });

  it("summarises rows read and stored per file and table", async () => {
    const summary = await seedGood();
    expect(summary.files.map((f) => [f.fileName, f.rowsRead, f.rejected])).toEqual([
      ["course_tags.csv", 3, 0],
      ["user_assessment_scores.csv", 1, 0],
      ["user_interests.csv", 3, 0],
      ["user_course_views.csv", 2, 0],
    ]);
    expect(summary.stored).toEqual({
      users: 4,
      courses: 3,
      course_authors: 2,
      course_tags: 2,
      interests: 2,
      course_views: 2,
      assessment_scores: 1,
    });
  });
});
