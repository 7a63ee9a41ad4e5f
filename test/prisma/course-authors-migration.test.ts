// A database seeded before views carried their author (the migrations up to add_ranking_runs) migrates in place:
// `prisma migrate deploy` applies add_author_to_course_views and move_course_author_to_course_authors, every row
// stays, and the API answers the new fields without a re-seed.
//
// The old database, in the old shape (courses.author_handle, views without an author):
//   c1 (author 875, Beginner) viewed by 1 twice and by 2 once; c2 (author 281, Advanced) viewed by 2;
//   c3 listed by course_tags only (no author, no level). Tags: c1 python, c2 docker, c3 blender.
//   One complete ranking run with one neighbour row, which a migration of the activity tables must not touch.
// So after the migrations: each view names its course's author, course_authors holds (c1, 875) and (c2, 281), c3
// has none, and the counts of every table are unchanged.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../src/api/start-server.js";
import { openSqlite } from "../../src/db.js";
import { deployMigrations } from "../../src/migrate.js";
import { graphql } from "../api/client.js";
import { selectAll } from "../support/database.js";
import { deployMigrationsBefore } from "../support/migrations-before.js";

/** The first migration of the change under test: the old database gets every migration before it. */
const firstNew = "20261201080337_add_author_to_course_views";

let dir: string;
let url: string;

function seedOldShape(): void {
  const db = openSqlite(url);
  try {
    db.exec(`
      INSERT INTO users (handle) VALUES (1), (2);
      INSERT INTO courses (id, author_handle, level) VALUES ('c1', 875, 'Beginner'), ('c2', 281, 'Advanced'), ('c3', NULL, NULL);
      INSERT INTO course_tags (course_id, tag) VALUES ('c1', 'python'), ('c2', 'docker'), ('c3', 'blender');
      INSERT INTO interests (user_handle, tag, followed_at) VALUES (1, 'python', '2017-06-27T16:26:52.000+00:00');
      INSERT INTO course_views (user_handle, course_id, viewed_on, seconds) VALUES
        (1, 'c1', '2017-06-27T00:00:00.000+00:00', 600),
        (1, 'c1', '2017-06-28T00:00:00.000+00:00', 300),
        (2, 'c1', '2017-06-28T00:00:00.000+00:00', 120),
        (2, 'c2', '2017-06-29T00:00:00.000+00:00', 60);
      INSERT INTO assessment_scores (user_handle, tag, taken_at, score) VALUES (2, 'docker', '2017-07-01T08:00:00.000+00:00', 150);
      INSERT INTO ranking_runs (name, status, started_at, finished_at, engine_version, parameters, user_count, row_count)
        VALUES ('user_ranking', 'complete', '2017-12-01T00:00:00.000+00:00', '2017-12-01T00:00:01.000+00:00', 1, '{}', 2, 1);
      INSERT INTO neighbours (run_id, user_handle, rank, neighbour_handle, score, interests, courses, assessments)
        VALUES (1, 1, 1, 2, 0.25, 0, 0.5, NULL);
    `);
  } finally {
    db.close();
  }
}

const tables = ["users", "courses", "course_tags", "interests", "course_views", "assessment_scores", "ranking_runs", "neighbours"];

function counts(): Record<string, number> {
  const db = openSqlite(url);
  try {
    return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

const rows = (sql: string) => selectAll(url, sql);

let before: Record<string, number>;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kindred-migrate-"));
  url = `file:${path.join(dir, "old.db")}`;
  deployMigrationsBefore(firstNew, dir, url);
  seedOldShape();
  before = counts();
  deployMigrations(url);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("migrating a database seeded under the old migrations", () => {
  it("keeps every row of every table", () => {
    expect(before).toEqual({
      users: 2,
      courses: 3,
      course_tags: 3,
      interests: 1,
      course_views: 4,
      assessment_scores: 1,
      ranking_runs: 1,
      neighbours: 1,
    });
    expect(counts()).toEqual(before);
  });

  it("gives each view its course's author and each viewed course its author in course_authors", () => {
    expect(rows("SELECT id, user_handle, course_id, author_handle, seconds FROM course_views ORDER BY id")).toEqual([
      { id: 1, user_handle: 1, course_id: "c1", author_handle: 875, seconds: 600 },
      { id: 2, user_handle: 1, course_id: "c1", author_handle: 875, seconds: 300 },
      { id: 3, user_handle: 2, course_id: "c1", author_handle: 875, seconds: 120 },
      { id: 4, user_handle: 2, course_id: "c2", author_handle: 281, seconds: 60 },
    ]);
    expect(rows("SELECT course_id, author_handle FROM course_authors ORDER BY course_id")).toEqual([
      { course_id: "c1", author_handle: 875 },
      { course_id: "c2", author_handle: 281 },
    ]);
    expect(rows("SELECT id, level FROM courses ORDER BY id")).toEqual([
      { id: "c1", level: "Beginner" },
      { id: "c2", level: "Advanced" },
      { id: "c3", level: null },
    ]);
  });

  it("answers a view's author and its course's authors through the API", async () => {
    const server = await startServer({ port: 0, host: "127.0.0.1", url, log: { error() {} } });
    try {
      const { data, errors } = await graphql(
        server.url,
        `{ user(handle: "2") { courseViews { edges { node { courseId author courseAuthors level tags } } } } }`,
      );
      expect(errors).toBeUndefined();
      expect(data!.user.courseViews.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { courseId: "c1", author: 875, courseAuthors: [875], level: "Beginner", tags: ["python"] },
        { courseId: "c2", author: 281, courseAuthors: [281], level: "Advanced", tags: ["docker"] },
      ]);
    } finally {
      await server.close();
    }
  });
});
