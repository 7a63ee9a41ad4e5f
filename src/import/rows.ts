/**
 * One row builder per seed file: checks a record's cells with the cell parsers and appends the valid ones to packed
 * columns. `add` returns the row's first problem, or undefined when the row was kept.
 */
import { Invalid, memoize, parseCount, parseHandle, parseLevel, parseName, parseOptionalName, parseTimestamp } from "./cells.js";
import type { Level } from "./cells.js";
import type { ColumnName, ResolvedHeader, SeedFile } from "./columns.js";
import type { Problem } from "./import-errors.js";
import { IntColumnBuilder, TextColumnBuilder, type TextColumn } from "./packed.js";

/** course_tags.csv: one row per (course, tag); tag code -1 is a blank tag (a course without tags). */
export interface CourseTagRows {
  file: "course_tags";
  courseId: TextColumn;
  tag: TextColumn;
}

export interface AssessmentRows {
  file: "user_assessment_scores";
  user: Int32Array;
  tag: TextColumn;
  /** ISO timestamps as Prisma stores them. */
  takenAt: TextColumn;
  score: Int32Array;
}

export interface InterestRows {
  file: "user_interests";
  user: Int32Array;
  tag: TextColumn;
  followedAt: TextColumn;
}

/**
 * user_course_views.csv. The author is the row's (a course can have several); the level belongs to the course,
 * indexed by courseId's code, not by row.
 */
export interface ViewRows {
  file: "user_course_views";
  user: Int32Array;
  courseId: TextColumn;
  viewedOn: TextColumn;
  author: Int32Array;
  seconds: Int32Array;
  levelByCourse: Level[];
}

export type FileRows = CourseTagRows | AssessmentRows | InterestRows | ViewRows;
export type RowsOf<F extends SeedFile> = Extract<FileRows, { file: F }>;

export interface RowBuilder<F extends SeedFile> {
  add(cells: readonly string[], line: number): Problem | undefined;
  finish(): RowsOf<F>;
}

type Factory<F extends SeedFile> = (header: ResolvedHeader<F>, fileName: string) => RowBuilder<F>;

/** Builds the problem for an invalid cell, naming the column as the file spells it. */
function problemAt<F extends SeedFile>(header: ResolvedHeader<F>, fileName: string) {
  return (line: number, column: ColumnName<F>, invalid: Invalid): Problem => ({
    file: fileName,
    line,
    column: header.spelled[column],
    reason: invalid.reason,
    detail: invalid.detail,
  });
}

const courseTags: Factory<"course_tags"> = (header, fileName) => {
  const { at } = header;
  const bad = problemAt(header, fileName);
  const courseId = new TextColumnBuilder();
  const tag = new TextColumnBuilder();
  return {
    add(cells, line) {
      const id = parseName(cells[at.course_id]);
      if (id instanceof Invalid) return bad(line, "course_id", id);
      courseId.push(id);
      tag.push(parseOptionalName(cells[at.course_tags]));
      return undefined;
    },
    finish: () => ({ file: "course_tags", courseId: courseId.finish(), tag: tag.finish() }),
  };
};

const assessments: Factory<"user_assessment_scores"> = (header, fileName) => {
  const { at } = header;
  const bad = problemAt(header, fileName);
  const user = new IntColumnBuilder();
  const tag = new TextColumnBuilder();
  const takenAt = new TextColumnBuilder();
  const score = new IntColumnBuilder();
  const parseDate = memoize(parseTimestamp);
  return {
    add(cells, line) {
      const u = parseHandle(cells[at.user_handle]);
      if (u instanceof Invalid) return bad(line, "user_handle", u);
      const t = parseName(cells[at.assessment_tag]);
      if (t instanceof Invalid) return bad(line, "assessment_tag", t);
      const d = parseDate(cells[at.user_assessment_date]);
      if (d instanceof Invalid) return bad(line, "user_assessment_date", d);
      const s = parseCount(cells[at.user_assessment_score]);
      if (s instanceof Invalid) return bad(line, "user_assessment_score", s);
      user.push(u);
      tag.push(t);
      takenAt.push(d);
      score.push(s);
      return undefined;
    },
    finish: () => ({
      file: "user_assessment_scores",
      user: user.finish(),
      tag: tag.finish(),
      takenAt: takenAt.finish(),
      score: score.finish(),
    }),
  };
};

const interests: Factory<"user_interests"> = (header, fileName) => {
  const { at } = header;
  const bad = problemAt(header, fileName);
  const user = new IntColumnBuilder();
  const tag = new TextColumnBuilder();
  const followedAt = new TextColumnBuilder();
  const parseDate = memoize(parseTimestamp);
  return {
    add(cells, line) {
      const u = parseHandle(cells[at.user_handle]);
      if (u instanceof Invalid) return bad(line, "user_handle", u);
      const t = parseName(cells[at.interest_tag]);
      if (t instanceof Invalid) return bad(line, "interest_tag", t);
      const d = parseDate(cells[at.date_followed]);
      if (d instanceof Invalid) return bad(line, "date_followed", d);
      user.push(u);
      tag.push(t);
      followedAt.push(d);
      return undefined;
    },
    finish: () => ({ file: "user_interests", user: user.finish(), tag: tag.finish(), followedAt: followedAt.finish() }),
  };
};

const views: Factory<"user_course_views"> = (header, fileName) => {
  const { at } = header;
  const bad = problemAt(header, fileName);
  const user = new IntColumnBuilder();
  const courseId = new TextColumnBuilder();
  const viewedOn = new TextColumnBuilder();
  const author = new IntColumnBuilder();
  const seconds = new IntColumnBuilder();
  const parseDate = memoize(parseTimestamp);
  const parseCourseLevel = memoize(parseLevel);
  // A course's level is one value: in the data every one of the 5,942 courses has the same level on all its views,
  // the two-author play-by-play-lea-verou included (its author differs between rows, its level never does), so a
  // disagreement is an error in the file. Per course code: the level of its first valid view, and that view's line.
  const levelByCourse: Level[] = [];
  const firstLineByCourse = new IntColumnBuilder();
  const conflict = (line: number, code: number, was: string, now: string) => {
    const detail = `course "${courseId.values[code]}" has ${was} on line ${firstLineByCourse.at(code)}, got "${now}"`;
    return bad(line, "level", new Invalid("differs from an earlier view of the course", detail));
  };
  return {
    add(cells, line) {
      const u = parseHandle(cells[at.user_handle]);
      if (u instanceof Invalid) return bad(line, "user_handle", u);
      const d = parseDate(cells[at.view_date]);
      if (d instanceof Invalid) return bad(line, "view_date", d);
      const c = parseName(cells[at.course_id]);
      if (c instanceof Invalid) return bad(line, "course_id", c);
      const a = parseHandle(cells[at.author_handle]);
      if (a instanceof Invalid) return bad(line, "author_handle", a);
      const l = parseCourseLevel(cells[at.level]);
      if (l instanceof Invalid) return bad(line, "level", l);
      const s = parseCount(cells[at.view_time_seconds]);
      if (s instanceof Invalid) return bad(line, "view_time_seconds", s);
      const code = courseId.codeFor(c);
      if (code === levelByCourse.length) {
        levelByCourse.push(l);
        firstLineByCourse.push(line);
      } else if (levelByCourse[code] !== l) return conflict(line, code, levelByCourse[code], l);
      user.push(u);
      courseId.pushCode(code);
      viewedOn.push(d);
      author.push(a);
      seconds.push(s);
      return undefined;
    },
    finish: () => ({
      file: "user_course_views",
      user: user.finish(),
      courseId: courseId.finish(),
      viewedOn: viewedOn.finish(),
      author: author.finish(),
      seconds: seconds.finish(),
      levelByCourse,
    }),
  };
};

export const rowBuilders: { [F in SeedFile]: Factory<F> } = {
  course_tags: courseTags,
  user_assessment_scores: assessments,
  user_interests: interests,
  user_course_views: views,
};
