/**
 * What a seed writes, table by table: the parsed files' columns mapped to database columns by their specs
 * (columns.ts), plus the three derived tables, users, courses and course_authors. No SQL: a store (load.ts) says how a database
 * writes these rows, so a second database is a second store over the same rows.
 */
import { fileSpecs, type SeedFile, type SeedTable, seedFiles, type StoredColumn } from "./columns.js";
import type { Level } from "./cells.js";
import type { TextColumn } from "./packed.js";
import type { FileRows, PackedColumn } from "./rows.js";

export interface TableRows {
  table: SeedTable;
  /** Database columns, in the order `fill` writes them. */
  columns: readonly string[];
  /** Rows to insert. */
  count: number;
  /** The table's unique key refuses exact repeats of an earlier row: not an error, they are counted. */
  collapseRepeats: boolean;
  /** Writes row i's values into `params` from index `at` on, one per column. */
  fill(i: number, params: unknown[], at: number): void;
}

/** The tables whose unique key collapses exact repeats. */
type CollapsingTable = Extract<(typeof fileSpecs)[SeedFile], { collapseRepeats: true }>["table"];

export interface StoredCounts {
  /** Rows in each table after the write. */
  stored: Record<SeedTable, number>;
  /** Rows refused by a unique key: exact repeats of an earlier row (interests, course_tags). */
  duplicates: Record<CollapsingTable, number>;
  /** course_tags rows with a blank tag: their course is stored, with no tag row. */
  blankTags: number;
}

/** Row i of a packed column as a database value. */
function reader(column: PackedColumn): (i: number) => number | string {
  if (column instanceof Int32Array) return (i) => column[i];
  const { values, codes } = column;
  return (i) => values[codes[i]];
}

/** Rows whose values come from `columns`, row `rowAt(i)` for the i-th inserted row. */
function fillFrom(columns: readonly PackedColumn[], rowAt?: Int32Array): TableRows["fill"] {
  const read = columns.map(reader);
  const width = read.length;
  return (i, params, at) => {
    const row = rowAt === undefined ? i : rowAt[i];
    for (let c = 0; c < width; c++) params[at + c] = read[c](row);
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The derived tables' rows, as plain data (they cross from the parsing thread): sorted, each row once. */
export interface DerivedRows {
  /** Every handle with activity: users are the people of the files' user_handle columns (authors are not). */
  users: Int32Array;
  /** Every course a file names, by id; the level from the views (null when nobody viewed the course). */
  courses: [string, Level | null][];
  /** A course's authors: every distinct author the views name for it, by course id, then handle. */
  courseAuthors: [string, number][];
}

/**
 * Collects the derived tables from the files' valid rows as they stream by, batch after batch: a set of handles
 * (a million users are a few MB) and the courses and their authors (thousands), never the rows themselves.
 */
export class DerivedCollector {
  private readonly users = new Set<number>();
  private readonly levelById = new Map<string, Level | null>();
  private readonly authorsById = new Map<string, Set<number>>();

  add({ columns, courses }: FileRows): void {
    const handles = columns.user_handle;
    if (handles instanceof Int32Array) for (let i = 0; i < handles.length; i++) this.users.add(handles[i]);
    const ids = columns.course_id;
    if (ids === undefined || ids instanceof Int32Array) return;
    ids.values.forEach((id, code) => {
      if (courses !== undefined) this.levelById.set(id, courses.levelByCourse[code]);
      else if (!this.levelById.has(id)) this.levelById.set(id, null);
    });
    const authors = columns.author_handle;
    if (!(authors instanceof Int32Array)) return;
    const byCode = ids.values.map((id) => {
      let set = this.authorsById.get(id);
      if (set === undefined) this.authorsById.set(id, (set = new Set()));
      return set;
    });
    for (let i = 0; i < authors.length; i++) byCode[ids.codes[i]].add(authors[i]);
  }

  finish(): DerivedRows {
    const users = Int32Array.from(this.users).sort();
    const courses = [...this.levelById].sort(([a], [b]) => byText(a, b));
    const courseAuthors = [...this.authorsById]
      .flatMap(([id, set]) => [...set].map((author): [string, number] => [id, author]))
      .sort(([courseA, authorA], [courseB, authorB]) => byText(courseA, courseB) || authorA - authorB);
    return { users, courses, courseAuthors };
  }
}

/** A derived table (no unique key collapsing repeats) from its rows, each one value per column. */
function derivedTable(table: SeedTable, columns: readonly string[], rows: readonly (readonly unknown[])[]): TableRows {
  return {
    table,
    columns,
    count: rows.length,
    collapseRepeats: false,
    fill: (i, params, at) => {
      for (let c = 0; c < columns.length; c++) params[at + c] = rows[i][c];
    },
  };
}

/** The users, courses and course_authors tables' rows. */
export function derivedTables({ users, courses, courseAuthors }: DerivedRows): TableRows[] {
  return [
    { table: "users", columns: ["handle"], count: users.length, collapseRepeats: false, fill: fillFrom([users]) },
    derivedTable("courses", ["id", "level"], courses),
    derivedTable("course_authors", ["course_id", "author_handle"], courseAuthors),
  ];
}

/** A file's own table (or a batch of it): every valid row, except those with a blank optional cell (a course without tags). */
export function fileTable(rows: FileRows): TableRows & { blank: number } {
  const spec = fileSpecs[rows.file];
  const stored = Object.values(spec.columns as Record<string, StoredColumn>).flatMap((c) => ("into" in c ? [c] : []));
  const optional = stored.filter((c) => c.cell === "optionalName").map((c) => rows.columns[c.into] as TextColumn);
  const hasBlank = (i: number) => optional.some((c) => c.codes[i] === -1);
  const kept = optional.length === 0 ? undefined : Int32Array.from({ length: rows.rows }, (_, i) => i).filter((i) => !hasBlank(i));
  const count = kept === undefined ? rows.rows : kept.length;
  return {
    table: spec.table,
    columns: stored.map((c) => c.into),
    count,
    collapseRepeats: spec.collapseRepeats,
    fill: fillFrom(stored.map((c) => rows.columns[c.into]), kept),
    blank: rows.rows - count,
  };
}

/** Rows offered to a table whose unique key collapses repeats, and rows it took: the difference is the repeats. */
export function storedCounts(
  stored: Record<SeedTable, number>,
  offered: Partial<Record<SeedTable, number>>,
  blankTags: number,
): StoredCounts {
  const collapsing = seedFiles.map((file) => fileSpecs[file]).filter((spec) => spec.collapseRepeats);
  const duplicates = Object.fromEntries(collapsing.map(({ table }) => [table, (offered[table] ?? 0) - stored[table]])) as Record<CollapsingTable, number>;
  return { stored, duplicates, blankTags };
}
