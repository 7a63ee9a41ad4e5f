import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { loadEvaluationData } from "../../src/evaluation/load-data.js";
import { courseRows, interestRows } from "../../src/evaluation/source-weights.js";
import { courseTask, interestTask } from "../../src/evaluation/tasks.js";
import { type SourceRow, sourceRows, sqliteRunner } from "../../src/profiles/source-rows.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

const t = (day: number) => `2017-06-${String(day).padStart(2, "0")}T10:00:00.000+00:00`;
let database: TestDatabase;
let db: ReturnType<typeof openSqlite>;

// Mixed case and padded tags, a blank tag, a tag on two courses, a 0-second view, a re-follow, an assessment.
beforeEach(() => {
  database = freshDatabase();
  db = openSqlite(database.url);
  for (const h of [1, 2, 3]) db.prepare(`INSERT INTO users(handle) VALUES (?)`).run(h);
  const course = db.prepare(`INSERT INTO courses(id, level) VALUES (?, 'Beginner')`);
  for (const c of ["c1", "c2", "c3", "c4"]) course.run(c);
  const tag = db.prepare(`INSERT INTO course_tags(course_id, tag) VALUES (?, ?)`);
  for (const [c, tg] of [["c1", "Python"], ["c1", " python "], ["c1", "data"], ["c2", "data"], ["c2", " "], ["c3", "ml"]]) tag.run(c, tg);
  const follow = db.prepare(`INSERT INTO interests(user_handle, tag, followed_at) VALUES (?, ?, ?)`);
  for (const [h, tg, d] of [[1, "Python", 1], [1, "python", 2], [1, "sql ", 3], [2, "ml", 1], [2, " ", 1]] as const) follow.run(h, tg, t(d));
  const view = db.prepare(`INSERT INTO course_views(user_handle, course_id, viewed_on, author_handle, seconds) VALUES (?, ?, ?, 1, ?)`);
  for (const [h, c, d, s] of [[1, "c1", 1, 600], [1, "c1", 2, 60], [1, "c2", 3, 1200], [2, "c3", 1, 0], [2, "c1", 2, 30], [3, "c4", 1, 99]] as const) {
    view.run(h, c, t(d), s);
  }
  db.prepare(`INSERT INTO assessment_scores(user_handle, tag, taken_at, score) VALUES (2, 'SQL', ?, 150)`).run(t(4));
});
afterEach(() => {
  db.close();
  database.remove();
});

const byKey = (rows: SourceRow[]) =>
  [...rows].sort((a, b) => a.handle - b.handle || (a.tag < b.tag ? -1 : 1)).map((r) => [r.handle, r.tag, r.weight] as const);

// Both go through weigh-sources.ts, so the weights are equal to the bit.
function expectSameRows(actual: SourceRow[], expected: SourceRow[]) {
  expect(byKey(actual)).toEqual(byKey(expected));
}

describe("rebuilt source rows on unhidden data", () => {
  it("equal sourceRows for interests", async () => {
    const data = await loadEvaluationData(sqliteRunner(db));
    expectSameRows(interestRows(data.follows), await sourceRows(sqliteRunner(db), "interests"));
  });

  it("equal sourceRows for courses", async () => {
    // User 1: python = ln(1 + 660/60) = ln 12; data = ln(1 + 1860/60) = ln 32. User 2: python = data = ln(1.5),
    // ml absent (0 s). User 3 viewed an untagged course: no rows.
    const data = await loadEvaluationData(sqliteRunner(db));
    const rows = courseRows(data.views, data.courseTags);
    expectSameRows(rows, await sourceRows(sqliteRunner(db), "courses"));
    expect(byKey(rows).map(([h, tg, w]) => `${h}:${tg}:${w.toFixed(6)}`)).toEqual([
      "1:data:3.465736",
      "1:python:2.484907",
      "2:data:0.405465",
      "2:python:0.405465",
    ]);
  });
});

describe("tasks", () => {
  it("rank the interests task without the hidden tags and keep the other sources whole", async () => {
    db.prepare(`INSERT INTO interests(user_handle, tag, followed_at) VALUES (1, 'r', ?), (1, 'go', ?)`).run(t(5), t(6));
    // User 1 now has python, sql, r, go (first followed on days 1, 3, 5, 6): go is hidden.
    const task = interestTask(await loadEvaluationData(sqliteRunner(db)));
    expect(task.hidden).toEqual(new Map([[1, new Set(["go"])]]));
    expect(byKey(task.rows[0]).filter(([h]) => h === 1).map(([, tg]) => tg)).toEqual(["python", "r", "sql"]);
    expectSameRows(task.rows[1], await sourceRows(sqliteRunner(db), "courses"));
  });

  it("drop every view of a hidden course from the course weights", async () => {
    db.prepare(`INSERT INTO courses(id, level) VALUES ('c5', 'Advanced')`).run();
    db.prepare(`INSERT INTO course_views(user_handle, course_id, viewed_on, author_handle, seconds) VALUES (1, 'c3', ?, 1, 60), (1, 'c5', ?, 1, 60)`).run(t(4), t(5));
    // User 1 started c1, c2, c3, c5 on days 1, 3, 4, 5: c5 (no tags) is hidden; c3 (ml) stays.
    const task = courseTask(await loadEvaluationData(sqliteRunner(db)));
    expect(task.hidden).toEqual(new Map([[1, new Set(["c5"])]]));
    expect([...task.items.get(1)!].sort()).toEqual(["c1", "c2", "c3"]);
    expect(byKey(task.rows[1]).filter(([h]) => h === 1).map(([, tg, w]) => `${tg}:${w.toFixed(6)}`)).toEqual([
      "data:3.465736",
      "ml:0.693147",
      "python:2.484907",
    ]);
  });
});
