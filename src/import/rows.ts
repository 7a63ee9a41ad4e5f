/**
 * The row builder: checks a record's cells with the cell parsers its file's spec names (columns.ts) and appends the
 * valid rows to packed columns. `add` returns the row's first problem, or undefined when the row was kept.
 */
import { Invalid, memoize, parseCount, parseHandle, parseLevel, parseName, parseOptionalName, parseTimestamp } from "./cells.js";
import type { Cell, Level } from "./cells.js";
import { type CellKind, type ColumnName, columnSpecs, fileSpecs, type ResolvedHeader, type SeedFile, type StoredColumn } from "./columns.js";
import type { Problem } from "./import-errors.js";
import { IntColumnBuilder, TextColumnBuilder, type TextColumn } from "./packed.js";

/** One column's values, row by row: integers (handles, counts) or dictionary-encoded text (code -1: blank). */
export type PackedColumn = Int32Array | TextColumn;

/** Each course's level, indexed by the course's code in the course_id column. */
export interface CourseAttributes {
  levelByCourse: Level[];
}

/** One file's valid rows, column by column: row i is entry i of every column. */
export interface FileRows {
  file: SeedFile;
  rows: number;
  /** The columns of the file's table, by database column name, in the spec's order. */
  columns: Record<string, PackedColumn>;
  /** The file's course attributes (ofCourse columns), when it has any. */
  courses?: CourseAttributes;
  /** lines[i]: the file line row i came from (read-csv.ts counts them), for messages about a row after parsing. */
  lines: Int32Array;
}

export interface RowBuilder {
  add(cells: readonly string[], line: number): Problem | undefined;
  /** Valid rows added since the last flush. */
  readonly pending: number;
  /** The valid rows added since the last flush, packed; the next rows start a new batch. */
  flush(): FileRows;
}

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

type Parser = (text: string) => Cell<number | string | null>;

/** A new parser per file: the memoized ones are for columns with few distinct values (dates, levels). */
const parserFor: Record<CellKind, () => Parser> = {
  handle: () => parseHandle,
  count: () => parseCount,
  name: () => parseName,
  optionalName: () => parseOptionalName,
  timestamp: () => memoize(parseTimestamp),
  level: () => memoize(parseLevel),
};

/**
 * A course's level is the course's, not the view's: the first valid view of a course sets it, and a later view naming
 * another level is refused, naming that first view's line. The data bears this out: every one of the 5,942 courses
 * has one level on all its views, the two-author play-by-play-lea-verou included. Its author is the view's own (a
 * course can have several, as play-by-play courses do), so authors are not checked here. Kept by course id for the
 * whole file, across the batches the rows are handed over in.
 */
function courseConsistency<F extends SeedFile>(bad: ReturnType<typeof problemAt<F>>) {
  const firstView = new Map<string, { level: Level; line: number }>();
  return {
    check(courseId: string, l: Level, line: number): Problem | undefined {
      const first = firstView.get(courseId);
      if (first === undefined) firstView.set(courseId, { level: l, line });
      else if (first.level !== l) {
        const detail = `course "${courseId}" has ${first.level} on line ${first.line}, got "${l}"`;
        return bad(line, "level" as ColumnName<F>, new Invalid("differs from an earlier view of the course", detail));
      }
      return undefined;
    },
    /** The level of each course of a batch's course_id column, by code. */
    levels: (ids: TextColumn): CourseAttributes => ({ levelByCourse: ids.values.map((id) => firstView.get(id)!.level) }),
  };
}

/** The packed column a kind of cell is kept in: integers for handles and counts, dictionary-encoded text otherwise. */
function columnBuilder(cell: CellKind): IntColumnBuilder | TextColumnBuilder {
  return cell === "handle" || cell === "count" ? new IntColumnBuilder() : new TextColumnBuilder();
}

/** One column of a file as the builder checks and keeps it. */
interface Slot<F extends SeedFile> {
  name: ColumnName<F>;
  /** Its position in a record. */
  at: number;
  parse: Parser;
  cell: CellKind;
  /** The row's value and its database column; none for a course attribute, which courseConsistency keeps. */
  kept?: { into: string; column: IntColumnBuilder | TextColumnBuilder };
}

/** The builder for one file: each record's cells checked in columnSpecs order, as fileSpecs says. */
export function rowBuilder<F extends SeedFile>(file: F, header: ResolvedHeader<F>, fileName: string): RowBuilder {
  const bad = problemAt(header, fileName);
  const stored: Record<string, StoredColumn> = fileSpecs[file].columns;
  const slots = columnSpecs[file].map(({ name }): Slot<F> => {
    const spec = stored[name];
    return {
      name: name as ColumnName<F>,
      at: header.at[name as ColumnName<F>],
      parse: parserFor[spec.cell](),
      cell: spec.cell,
      kept: "into" in spec ? { into: spec.into, column: columnBuilder(spec.cell) } : undefined,
    };
  });
  const slotOf = (name: string) => slots.findIndex((slot) => slot.name === name);
  const values: unknown[] = new Array(slots.length);
  // A file with course attributes (the views' level) checks them against the course's first view.
  const courses = slots.some((slot) => slot.kept === undefined) ? courseConsistency(bad) : undefined;
  const courseAt = { id: slotOf("course_id"), level: slotOf("level") };
  let lines = new IntColumnBuilder();
  let rows = 0;
  return {
    add(cells, line) {
      for (let c = 0; c < slots.length; c++) {
        const value = slots[c].parse(cells[slots[c].at]);
        if (value instanceof Invalid) return bad(line, slots[c].name, value);
        values[c] = value;
      }
      if (courses !== undefined) {
        const problem = courses.check(values[courseAt.id] as string, values[courseAt.level] as Level, line);
        if (problem !== undefined) return problem;
      }
      for (let c = 0; c < slots.length; c++) {
        const column = slots[c].kept?.column;
        if (column instanceof TextColumnBuilder) column.push(values[c] as string | null);
        else column?.push(values[c] as number);
      }
      lines.push(line);
      rows++;
      return undefined;
    },
    get pending() {
      return rows;
    },
    flush() {
      const columns: Record<string, PackedColumn> = {};
      for (const slot of slots) {
        if (slot.kept === undefined) continue;
        columns[slot.kept.into] = slot.kept.column.finish();
        slot.kept.column = columnBuilder(slot.cell);
      }
      const batch: FileRows = { file, rows, columns, lines: lines.finish() };
      if (courses !== undefined) batch.courses = courses.levels(columns.course_id as TextColumn);
      lines = new IntColumnBuilder();
      rows = 0;
      return batch;
    },
  };
}
