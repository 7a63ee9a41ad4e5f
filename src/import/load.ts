/**
 * The one write: every activity table emptied and refilled inside a single better-sqlite3 transaction, so a failed
 * or interrupted seed (a thrown error, Ctrl-C, a killed process) leaves the previous data exactly as it was.
 * ranking_runs and neighbours are left alone: a run is a snapshot of its own.
 */
import type Database from "better-sqlite3";
import type { AssessmentRows, CourseTagRows, InterestRows, ViewRows } from "./rows.js";

/** The four files' parsed rows, ready to write. */
export interface SeedData {
  courseTags: CourseTagRows;
  assessments: AssessmentRows;
  interests: InterestRows;
  views: ViewRows;
}

export const seedTables = [
  "users",
  "courses",
  "course_authors",
  "course_tags",
  "interests",
  "course_views",
  "assessment_scores",
] as const;
export type SeedTable = (typeof seedTables)[number];

export interface StoredCounts {
  /** Rows in each table after the write. */
  stored: Record<SeedTable, number>;
  /** Rows refused by a unique key: exact repeats of an earlier row (interests, course_tags). */
  duplicates: Record<"interests" | "course_tags", number>;
  /** course_tags rows with a blank tag: their course is stored, with no tag row. */
  blankTags: number;
}

/** Called every few thousand rows while writing, and once at each table's end. */
export type WriteProgress = (table: SeedTable, written: number, total: number) => void;

const PROGRESS_EVERY = 16_384;

/** Rows per INSERT statement: one statement of 64 rows costs less than half of 64 one-row statements. */
const ROWS_PER_STATEMENT = 64;

/** Writes row `i`'s values into `params` from index `at` on. */
type Fill = (i: number, params: unknown[], at: number) => void;

/**
 * Inserts rows 0..total-1 with multi-row INSERTs (`head` is `INSERT ... INTO table (columns)`); returns how many
 * rows were inserted, fewer than total when OR IGNORE skipped some.
 */
function insertRows(db: Database.Database, head: string, total: number, fill: Fill, onProgress: (done: number) => void): number {
  const width = head.slice(head.indexOf("(")).split(",").length;
  const placeholders = `(${Array(width).fill("?").join(", ")})`;
  const many = db.prepare(`${head} VALUES ${Array(ROWS_PER_STATEMENT).fill(placeholders).join(", ")}`);
  const one = db.prepare(`${head} VALUES ${placeholders}`);
  const params: unknown[] = new Array(width * ROWS_PER_STATEMENT);
  let inserted = 0;
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= total; i += ROWS_PER_STATEMENT) {
    for (let k = 0; k < ROWS_PER_STATEMENT; k++) fill(i + k, params, k * width);
    inserted += many.run(params).changes;
    if ((i + ROWS_PER_STATEMENT) % PROGRESS_EVERY === 0) onProgress(i + ROWS_PER_STATEMENT);
  }
  const single: unknown[] = new Array(width);
  for (; i < total; i++) {
    fill(i, single, 0);
    inserted += one.run(single).changes;
  }
  onProgress(total);
  return inserted;
}

/** Tables in delete order: children before parents, so no cascade has to run. */
const deleteOrder: readonly SeedTable[] = [
  "course_views",
  "interests",
  "assessment_scores",
  "course_tags",
  "course_authors",
  "courses",
  "users",
];

/** Every handle with activity: users are the people in interests, views and assessments (authors are not). */
function userHandles(rows: SeedData): Int32Array {
  const { interests, views, assessments } = rows;
  const all = new Int32Array(interests.user.length + views.user.length + assessments.user.length);
  all.set(interests.user);
  all.set(views.user, interests.user.length);
  all.set(assessments.user, interests.user.length + views.user.length);
  all.sort();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i];
  return all.subarray(0, distinct);
}

interface CourseRow {
  id: string;
  level: string | null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Courses listed by course_tags or viewed; the level comes from the views (null when nobody viewed it). */
function courseRows(rows: SeedData): CourseRow[] {
  const byId = new Map<string, CourseRow>();
  for (const id of rows.courseTags.courseId.values) byId.set(id, { id, level: null });
  const { courseId, levelByCourse } = rows.views;
  courseId.values.forEach((id, code) => byId.set(id, { id, level: levelByCourse[code] }));
  return [...byId.values()].sort((a, b) => byText(a.id, b.id));
}

interface CourseAuthorRow {
  courseId: string;
  author: number;
}

/** A course's authors: every distinct author its views name, by course id, then handle. */
function courseAuthorRows(views: ViewRows): CourseAuthorRow[] {
  const authorsByCode = new Map<number, Set<number>>();
  views.courseId.codes.forEach((code, i) => {
    let authors = authorsByCode.get(code);
    if (!authors) authorsByCode.set(code, (authors = new Set()));
    authors.add(views.author[i]);
  });
  return [...authorsByCode]
    .flatMap(([code, authors]) => [...authors].map((author) => ({ courseId: views.courseId.values[code], author })))
    .sort((a, b) => byText(a.courseId, b.courseId) || a.author - b.author);
}

interface IndexDefinition {
  name: string;
  sql: string;
}

/**
 * The plain (non-unique) indexes of the refilled tables, as the migrations created them. The write drops them and
 * runs their own CREATE statements again once the rows are in: building an index from 250k rows is one sort, where
 * keeping it current costs a random B-tree descent per insert (about 0.5 s less on the views). Unique indexes stay,
 * since INSERT OR IGNORE relies on them to collapse duplicates.
 */
function plainIndexes(db: Database.Database): IndexDefinition[] {
  const tables = seedTables.map(() => "?").join(", ");
  return db
    .prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${tables})`,
    )
    .all(...seedTables) as IndexDefinition[];
}

/**
 * Replaces the activity tables' rows with `rows`, all or nothing.
 *
 * Foreign keys are switched off for the write and checked once at its end (PRAGMA foreign_key_check, about 0.2 s):
 * with them on, every delete of a user or course looks for children and SQLite cannot truncate the tables, which
 * made a re-seed about 1.7 s slower. An orphan row is a bug in this module and rolls everything back.
 */
export function writeSeed(db: Database.Database, rows: SeedData, onProgress: WriteProgress = () => {}): StoredCounts {
  const replaceAll = db.transaction((): StoredCounts => {
    for (const table of deleteOrder) db.prepare(`DELETE FROM ${table}`).run();
    const indexes = plainIndexes(db);
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    // Ids of a fresh seed start at 1 again, as on an empty database.
    db.prepare(`DELETE FROM sqlite_sequence WHERE name IN (${deleteOrder.map(() => "?").join(", ")})`).run(...deleteOrder);
    const insert = (table: SeedTable, columns: string, total: number, fill: Fill, orIgnore = false) =>
      insertRows(db, `INSERT ${orIgnore ? "OR IGNORE " : ""}INTO ${table} (${columns})`, total, fill, (done) =>
        onProgress(table, done, total),
      );

    const users = userHandles(rows);
    insert("users", "handle", users.length, (i, p, at) => {
      p[at] = users[i];
    });

    const courses = courseRows(rows);
    insert("courses", "id, level", courses.length, (i, p, at) => {
      p[at] = courses[i].id;
      p[at + 1] = courses[i].level;
    });

    const authors = courseAuthorRows(rows.views);
    insert("course_authors", "course_id, author_handle", authors.length, (i, p, at) => {
      p[at] = authors[i].courseId;
      p[at + 1] = authors[i].author;
    });

    const ct = rows.courseTags;
    const taggedRows = Int32Array.from(ct.tag.codes.keys()).filter((i) => ct.tag.codes[i] !== -1);
    const tagged = taggedRows.length;
    const courseTags = insert(
      "course_tags",
      "course_id, tag",
      tagged,
      (i, p, at) => {
        const row = taggedRows[i];
        p[at] = ct.courseId.values[ct.courseId.codes[row]];
        p[at + 1] = ct.tag.values[ct.tag.codes[row]];
      },
      true,
    );

    const it = rows.interests;
    const interests = insert(
      "interests",
      "user_handle, tag, followed_at",
      it.user.length,
      (i, p, at) => {
        p[at] = it.user[i];
        p[at + 1] = it.tag.values[it.tag.codes[i]];
        p[at + 2] = it.followedAt.values[it.followedAt.codes[i]];
      },
      true,
    );

    const v = rows.views;
    const views = insert("course_views", "user_handle, course_id, viewed_on, author_handle, seconds", v.user.length, (i, p, at) => {
      p[at] = v.user[i];
      p[at + 1] = v.courseId.values[v.courseId.codes[i]];
      p[at + 2] = v.viewedOn.values[v.viewedOn.codes[i]];
      p[at + 3] = v.author[i];
      p[at + 4] = v.seconds[i];
    });

    const a = rows.assessments;
    const assessments = insert("assessment_scores", "user_handle, tag, taken_at, score", a.user.length, (i, p, at) => {
      p[at] = a.user[i];
      p[at + 1] = a.tag.values[a.tag.codes[i]];
      p[at + 2] = a.takenAt.values[a.takenAt.codes[i]];
      p[at + 3] = a.score[i];
    });

    for (const index of indexes) db.exec(index.sql);
    // Only the tables written here: another table's orphans (say, neighbours) are not this write's doing.
    const orphans = seedTables.flatMap((table) => db.pragma(`foreign_key_check(${table})`) as unknown[]);
    if (orphans.length > 0) throw new Error(`seed wrote ${orphans.length} rows without a parent: ${JSON.stringify(orphans[0])}`);

    return {
      stored: {
        users: users.length,
        courses: courses.length,
        course_authors: authors.length,
        course_tags: courseTags,
        interests,
        course_views: views,
        assessment_scores: assessments,
      },
      duplicates: { interests: it.user.length - interests, course_tags: tagged - courseTags },
      blankTags: ct.tag.codes.length - tagged,
    };
  });
  // A larger page cache (256 MiB, this connection only) keeps the growing indexes in memory during the write.
  db.pragma("cache_size = -262144");
  // In WAL mode NORMAL skips the fsync at commit and still never corrupts: a power cut can at worst lose this whole
  // transaction, which leaves the previous rows, as a failed seed does.
  db.pragma("synchronous = NORMAL");
  // foreign_keys cannot change inside a transaction, so it is switched around it.
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) === 1;
  db.pragma("foreign_keys = OFF");
  try {
    // IMMEDIATE takes the write lock before the deletes, so a concurrent writer fails fast instead of mid-way.
    return replaceAll.immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  }
}
