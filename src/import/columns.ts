/**
 * The four seed files and their columns: canonical names, the other spellings accepted for them, and how a header
 * row becomes column positions (columnSpecs); and where each column's cells go in the database (fileSpecs). Every
 * listed column is required; any other column is ignored with a warning.
 */
import type { Problem } from "./import-errors.js";

export const seedFiles = ["course_tags", "user_assessment_scores", "user_interests", "user_course_views"] as const;
/** A seed file by its base name (without .csv / .csv.gz). */
export type SeedFile = (typeof seedFiles)[number];

interface ColumnSpec {
  /** The name the real file uses. */
  readonly name: string;
  /** Other accepted names: the challenge brief's, where they differ from the file's. */
  readonly aliases: readonly string[];
}

const courseId: ColumnSpec = { name: "course_id", aliases: ["course_name"] };

export const columnSpecs = {
  course_tags: [courseId, { name: "course_tags", aliases: [] }],
  user_assessment_scores: [
    { name: "user_handle", aliases: [] },
    { name: "assessment_tag", aliases: [] },
    { name: "user_assessment_date", aliases: [] },
    { name: "user_assessment_score", aliases: [] },
  ],
  user_interests: [
    { name: "user_handle", aliases: [] },
    { name: "interest_tag", aliases: [] },
    { name: "date_followed", aliases: [] },
  ],
  user_course_views: [
    { name: "user_handle", aliases: [] },
    { name: "view_date", aliases: [] },
    courseId,
    { name: "author_handle", aliases: [] },
    { name: "level", aliases: [] },
    { name: "view_time_seconds", aliases: ["course_view_time_seconds"] },
  ],
} as const satisfies Record<SeedFile, readonly ColumnSpec[]>;

/** The canonical column names of one file. */
export type ColumnName<F extends SeedFile> = (typeof columnSpecs)[F][number]["name"];

/** The tables a seed fills, parents first: users, courses and course_authors are derived from the files' handles,
 *  course ids and the views' authors. */
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

/** How a column's cells are checked (cells.ts): handles and counts are stored as integers, the rest as text. */
export type CellKind = "handle" | "count" | "name" | "optionalName" | "timestamp" | "level";

/** How one column's cells are checked, and where their values go. */
export type StoredColumn =
  /** `into`: a column of the file's own table. */
  | { readonly cell: CellKind; readonly into: string }
  /** An attribute of the row's course (course_id), not of the row: the same on every row naming the course, and
   *  stored once, in courses (rows.ts checks it, tables.ts writes it). */
  | { readonly cell: CellKind; readonly ofCourse: true };

interface FileSpec<F extends SeedFile> {
  table: SeedTable;
  /** Exact repeats of an earlier row say nothing new: the table's unique key collapses them, and they are counted. */
  collapseRepeats: boolean;
  /** Every column of the file; the cells of a row are checked in columnSpecs order, the first problem reported. */
  columns: { readonly [C in ColumnName<F>]: StoredColumn };
}

export const fileSpecs = {
  // A blank tag (optionalName) is a course without tags: its course is stored, with no course_tags row.
  course_tags: {
    table: "course_tags",
    collapseRepeats: true,
    columns: { course_id: { cell: "name", into: "course_id" }, course_tags: { cell: "optionalName", into: "tag" } },
  },
  user_assessment_scores: {
    table: "assessment_scores",
    collapseRepeats: false,
    columns: {
      user_handle: { cell: "handle", into: "user_handle" },
      assessment_tag: { cell: "name", into: "tag" },
      user_assessment_date: { cell: "timestamp", into: "taken_at" },
      user_assessment_score: { cell: "count", into: "score" },
    },
  },
  user_interests: {
    table: "interests",
    collapseRepeats: true,
    columns: {
      user_handle: { cell: "handle", into: "user_handle" },
      interest_tag: { cell: "name", into: "tag" },
      date_followed: { cell: "timestamp", into: "followed_at" },
    },
  },
  user_course_views: {
    table: "course_views",
    collapseRepeats: false,
    columns: {
      user_handle: { cell: "handle", into: "user_handle" },
      view_date: { cell: "timestamp", into: "viewed_on" },
      course_id: { cell: "name", into: "course_id" },
      author_handle: { cell: "handle", into: "author_handle" },
      level: { cell: "level", ofCourse: true },
      view_time_seconds: { cell: "count", into: "seconds" },
    },
  },
} as const satisfies { [F in SeedFile]: FileSpec<F> };

export interface ResolvedHeader<F extends SeedFile> {
  /** Cells a row must have: the header's own width. */
  width: number;
  /** Position of each required column in a row. */
  at: Record<ColumnName<F>, number>;
  /** Each required column as the file spells it, for messages. */
  spelled: Record<ColumnName<F>, string>;
  /** Header cells that are no column of this file, ignored. */
  ignored: string[];
}

/**
 * Matches a header row to the file's columns by name, in any order; names are trimmed and compared without case.
 * Returns the positions, or one problem per missing or repeated column.
 */
export function resolveHeader<F extends SeedFile>(
  file: F,
  fileName: string,
  header: readonly string[],
  line: number,
): ResolvedHeader<F> | Problem[] {
  const specs: readonly ColumnSpec[] = columnSpecs[file];
  const names = header.map((cell) => cell.trim());
  const at: Record<string, number> = {};
  const spelled: Record<string, string> = {};
  const used = new Set<number>();
  const problems: Problem[] = [];
  for (const spec of specs) {
    const accepted = [spec.name, ...spec.aliases];
    const found = names.flatMap((n, i) => (accepted.includes(n.toLowerCase()) ? [i] : []));
    if (found.length === 0) {
      const detail = `header: ${names.join(", ")}${spec.aliases.length ? `; also accepted: ${spec.aliases.join(", ")}` : ""}`;
      problems.push({ file: fileName, line, column: spec.name, reason: "missing column", detail });
    } else if (found.length > 1) {
      const detail = found.map((i) => names[i]).join(", ");
      problems.push({ file: fileName, line, column: spec.name, reason: "column appears more than once", detail });
    } else {
      at[spec.name] = found[0];
      spelled[spec.name] = names[found[0]];
      used.add(found[0]);
    }
  }
  if (problems.length > 0) return problems;
  const ignored = names.filter((_, i) => !used.has(i));
  return { width: header.length, at, spelled, ignored } as ResolvedHeader<F>;
}
