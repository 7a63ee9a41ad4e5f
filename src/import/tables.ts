/**
 * What a seed writes, table by table: the parsed files' columns mapped to database columns by their specs
 * (columns.ts), plus the three derived tables, users, courses and course_authors. No SQL: a store (load.ts) says how a database
 * writes these rows, so a second database is a second store over the same rows.
 */
import { fileSpecs, type SeedFile, type SeedTable, seedFiles, seedTables, type StoredColumn } from "./columns.js";
import type { TextColumn } from "./packed.js";
import type { FileRows, PackedColumn } from "./rows.js";

/** The four files' parsed rows, ready to write. */
export type SeedData = Record<SeedFile, FileRows>;

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

/** Every handle with activity: users are the people of the files' user_handle columns (authors are not). */
function usersTable(data: SeedData): TableRows {
  const columns = seedFiles.flatMap((file) => {
    const handles = data[file].columns.user_handle;
    return handles instanceof Int32Array ? [handles] : [];
  });
  const all = new Int32Array(columns.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const handles of columns) {
    all.set(handles, offset);
    offset += handles.length;
  }
  all.sort();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i];
  const users = all.subarray(0, distinct);
  return { table: "users", columns: ["handle"], count: users.length, collapseRepeats: false, fill: fillFrom([users]) };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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

/** Every course a file names, by id; the level from the file that has it (null when nobody viewed the course). */
function coursesTable(data: SeedData): TableRows {
  const levelById = new Map<string, string | null>();
  for (const file of seedFiles) {
    const { columns, courses } = data[file];
    const ids = columns.course_id;
    if (ids === undefined || ids instanceof Int32Array) continue;
    ids.values.forEach((id, code) => {
      if (courses !== undefined) levelById.set(id, courses.levelByCourse[code]);
      else if (!levelById.has(id)) levelById.set(id, null);
    });
  }
  return derivedTable("courses", ["id", "level"], [...levelById].sort(([a], [b]) => byText(a, b)));
}

/** A course's authors: every distinct author the views name for it, by course id, then handle. */
function courseAuthorsTable(data: SeedData): TableRows {
  const { course_id: ids, author_handle: authors } = data.user_course_views.columns as { course_id: TextColumn; author_handle: Int32Array };
  const byCode = new Map<number, Set<number>>();
  ids.codes.forEach((code, i) => {
    let set = byCode.get(code);
    if (set === undefined) byCode.set(code, (set = new Set()));
    set.add(authors[i]);
  });
  const rows = [...byCode]
    .flatMap(([code, set]) => [...set].map((author): [string, number] => [ids.values[code], author]))
    .sort(([courseA, authorA], [courseB, authorB]) => byText(courseA, courseB) || authorA - authorB);
  return derivedTable("course_authors", ["course_id", "author_handle"], rows);
}

/** A file's own table: every valid row, except those with a blank optional cell (a course without tags). */
function fileTable(rows: FileRows): TableRows & { blank: number } {
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

export interface SeedRows {
  /** Every seed table's rows, in seedTables order (parents first). */
  tables: TableRows[];
  /** Rows left out for a blank optional cell: course_tags rows with a blank tag. */
  blankTags: number;
}

export function seedTableRows(data: SeedData): SeedRows {
  const files = seedFiles.map((file) => fileTable(data[file]));
  const tables = [usersTable(data), coursesTable(data), courseAuthorsTable(data), ...files];
  return {
    tables: seedTables.map((table) => tables.find((t) => t.table === table)!),
    blankTags: files.reduce((sum, t) => sum + t.blank, 0),
  };
}

/** What the summary reports, from the rows offered and the rows each table took. */
export function storedCounts({ tables, blankTags }: SeedRows, inserted: Record<SeedTable, number>): StoredCounts {
  const duplicates = Object.fromEntries(
    tables.filter((t) => t.collapseRepeats).map((t) => [t.table, t.count - inserted[t.table]]),
  ) as Record<CollapsingTable, number>;
  return { stored: inserted, duplicates, blankTags };
}
