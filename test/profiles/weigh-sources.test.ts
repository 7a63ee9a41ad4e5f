import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { loadProfileArrays, loadProfiles } from "../../src/profiles/load-profiles.js";
import { documentFrequencies, type SourceRow, sourceRows, sqliteRunner } from "../../src/profiles/source-rows.js";
import { sources } from "../../src/profiles/source.js";
import { normalizedTag } from "../../src/profiles/tag-names.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

// The reference: the statements that computed the weights in SQL before weigh-sources.ts did (GROUP BY user and
// lower(trim(tag)), the formulas in SQL), run on the same SQLite file.
const reference: Record<(typeof sources)[number], string> = {
  interests: `SELECT user_handle, lower(trim(tag)) AS t, 1.0 FROM interests WHERE t <> '' GROUP BY user_handle, t`,
  courses: `
    WITH uc AS (SELECT user_handle, course_id, SUM(seconds) AS seconds FROM course_views GROUP BY user_handle, course_id)
    SELECT uc.user_handle, ct.tag, ln(1.0 + SUM(uc.seconds) / 60.0)
    FROM uc JOIN (SELECT DISTINCT course_id, lower(trim(tag)) AS tag FROM course_tags WHERE lower(trim(tag)) <> '') ct
      ON ct.course_id = uc.course_id
    GROUP BY uc.user_handle, ct.tag HAVING SUM(uc.seconds) > 0`,
  assessments: `SELECT user_handle, lower(trim(tag)) AS t, MAX(score) / 100.0 FROM assessment_scores WHERE t <> ''
    GROUP BY user_handle, t HAVING MAX(score) > 0`,
};

/** mulberry32: the same data on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Spellings that normalize together or must not: spaces at either end, ASCII and non-ASCII capitals, a tab and a
// no-break space (not trimmed), blanks, and tags whose UTF-16 and UTF-8 orders differ (U+FF21 against U+1F600).
const spellings = ["Python", " python ", "PYTHON", "data", "Data  ", " ", "", "École", "école", "ÉCOLE", "\tgo", "go\u00a0", "Ａ", "😀", "sql", "SQL"];

const byKey = (rows: SourceRow[]) => [...rows].sort((a, b) => a.handle - b.handle || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));

describe("weigh-sources.ts against the SQL reference on random data", () => {
  let database: TestDatabase;
  let db: ReturnType<typeof openSqlite>;

  beforeAll(() => {
    database = freshDatabase();
    db = openSqlite(database.url);
    const next = random(13);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const tags = [...spellings, ...Array.from({ length: 30 }, (_, i) => `t${i}`)];
    const courses = Array.from({ length: 40 }, (_, i) => `course-${i}`);
    db.transaction(() => {
      // Handles out of order and far apart (both 16-bit halves of the radix sort matter).
      const handles = Array.from({ length: 120 }, (_, i) => 1 + ((i * 7919) % 120) * 40_009);
      for (const h of handles) db.prepare(`INSERT INTO users(handle) VALUES (?)`).run(h);
      for (const c of courses) db.prepare(`INSERT INTO courses(id) VALUES (?)`).run(c);
      const courseTag = db.prepare(`INSERT OR IGNORE INTO course_tags(course_id, tag) VALUES (?, ?)`);
      for (const c of courses.slice(0, 35)) for (let k = 0; k < 1 + next() * 5; k++) courseTag.run(c, pick(tags));
      const follow = db.prepare(`INSERT OR IGNORE INTO interests(user_handle, tag, followed_at) VALUES (?, ?, ?)`);
      const view = db.prepare(`INSERT INTO course_views(user_handle, course_id, viewed_on, author_handle, seconds) VALUES (?, ?, ?, 1, ?)`);
      const score = db.prepare(`INSERT INTO assessment_scores(user_handle, tag, taken_at, score) VALUES (?, ?, ?, ?)`);
      for (let r = 0; r < 3000; r++) {
        const at = `2017-06-${String(1 + Math.floor(next() * 28)).padStart(2, "0")}T00:00:00.000+00:00`;
        follow.run(pick(handles.slice(0, 100)), pick(tags), at);
        view.run(pick(handles.slice(10, 120)), pick(courses), at, next() < 0.2 ? 0 : Math.floor(next() * 5000));
        if (r % 5 === 0) score.run(pick(handles.slice(50)), pick(tags), at, Math.floor(next() * 4) * 50);
      }
    })();
  });
  afterAll(() => {
    db?.close();
    database?.remove();
  });

  const referenceRows = (source: (typeof sources)[number]): SourceRow[] =>
    (db.prepare(reference[source]).raw(true).all() as [number, string, number][]).map(([handle, tag, weight]) => ({ handle, tag, weight }));

  it.each(sources)("%s: the same users, tags and weights (courses' ln against Math.log to 1 ulp)", async (source) => {
    const rows = byKey(await sourceRows(sqliteRunner(db), source));
    const expected = byKey(referenceRows(source));
    expect(rows.map((r) => `${r.handle}:${r.tag}`)).toEqual(expected.map((r) => `${r.handle}:${r.tag}`));
    rows.forEach((r, i) => {
      if (source === "courses") expect(Math.abs(r.weight - expected[i].weight)).toBeLessThanOrEqual(4e-16 * expected[i].weight);
      else expect(r.weight).toBe(expected[i].weight);
    });
  });

  it("gives a few users' rows exactly as the full load gives them", async () => {
    const run = sqliteRunner(db);
    const some = [1 + 3 * 40_009, 1 + 77 * 40_009, 1 + 110 * 40_009, 999];
    for (const source of sources) {
      const all = await sourceRows(run, source);
      expect(await sourceRows(run, source, some)).toEqual(all.filter((r) => some.includes(r.handle)));
    }
  });

  it("orders rows by handle, then tag, and loadProfileArrays lays out the same weights", async () => {
    const run = sqliteRunner(db);
    const arrays = await loadProfileArrays(run, { idf: false });
    for (const [s, source] of sources.entries()) {
      const rows = await sourceRows(run, source);
      expect(rows).toEqual(byKey(rows));
      const { offsets, tagIds, weights, tagNames } = arrays.sources[s];
      const fromArrays: SourceRow[] = [];
      arrays.handles.forEach((handle, i) => {
        for (let j = offsets[i]; j < offsets[i + 1]; j++) fromArrays.push({ handle, tag: tagNames[tagIds[j]], weight: weights[j] });
      });
      expect(fromArrays).toEqual(rows);
    }
  });

  it("applies idf with the same N and df on the full load and on a few users", async () => {
    const run = sqliteRunner(db);
    const arrays = await loadProfileArrays(run, { idf: true });
    const handles = [...arrays.handles.subarray(0, 5)];
    const few = await loadProfiles(run, { handles, idf: true });
    for (const [s, source] of sources.entries()) {
      const { users, df } = await documentFrequencies(run, source);
      const counted = new Set((await sourceRows(run, source)).map((r) => r.handle)).size;
      expect(users).toBe(counted);
      const { offsets, tagIds, weights, tagNames } = arrays.sources[s];
      handles.forEach((handle, i) => {
        const fromArrays = new Map<string, number>();
        for (let j = offsets[i]; j < offsets[i + 1]; j++) fromArrays.set(tagNames[tagIds[j]], weights[j]);
        const fromFew = new Map((few.get(handle)?.[source] ?? []).map((t) => [t.tag, t.weight]));
        expect(fromFew).toEqual(fromArrays);
        for (const tag of fromArrays.keys()) expect(df.get(tag)).toBeGreaterThan(0);
      });
    }
  });
});

describe("normalizedTag", () => {
  it("is SQLite's lower(trim(tag)): only U+0020 trimmed, only ASCII letters lower-cased", () => {
    const db = openSqlite(":memory:");
    try {
      for (const raw of [...spellings, "  Mixed Case  ", "ÀÉÎ abc XYZ", "a\u00a0B", "ǅ", "İ"]) {
        expect(normalizedTag(raw)).toBe(db.prepare(`SELECT lower(trim(?))`).pluck().get(raw));
      }
    } finally {
      db.close();
    }
  });
});
