/**
 * What can be wrong with the seed's input, and the one way it is printed: `file:line: column: reason (detail)`.
 * A Problem is a value (an invalid row is data, not an exception); an ImportError is what stops an import.
 */

export interface Problem {
  /** File name as found in the folder, e.g. `user_interests.csv.gz`. */
  file: string;
  /** Physical line in the file, header = 1 (see read-csv.ts for how it is counted). */
  line: number;
  /** The column as the file's header spells it, or `row` / `header` for problems of a whole row. */
  column: string;
  /** Short, fixed phrase: rejected rows are counted per `column: reason`, so values go in `detail`. */
  reason: string;
  /** The offending value or context, e.g. `got "abc"`. */
  detail?: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.column}: ${p.reason}${p.detail === undefined ? "" : ` (${p.detail})`}`;
}

/** The key rejected rows are counted by under --skip-invalid. */
export function problemKind(p: Problem): string {
  return `${p.column}: ${p.reason}`;
}

export type ImportErrorCode =
  /** A file is absent, or present both as .csv and .csv.gz. */
  | "MISSING_FILE"
  /** The header lacks a required column, repeats one, or the file is empty. */
  | "BAD_HEADER"
  /** A file has a header and no rows, and --allow-empty was not given: importing it would empty its table. */
  | "NO_ROWS"
  /** fast-csv could not split the file (an unclosed quote, text after a closing quote), or gunzip failed. */
  | "MALFORMED_CSV"
  /** Some rows are invalid and --skip-invalid was not given. */
  | "INVALID_ROWS"
  /** The database lacks the tables: migrations were not applied. */
  | "NOT_MIGRATED";

/** A problem the user can fix in the files or the command: the seed prints `lines` and exits 1, with no stack. */
export class ImportError extends Error {
  override readonly name = "ImportError";

  constructor(
    readonly code: ImportErrorCode,
    /** Ready-to-print lines, most of them `formatProblem` output. */
    readonly lines: readonly string[],
  ) {
    super(lines.join("\n"));
  }
}

/**
 * The invalid rows of one file, kept small whatever their number: the first few problems to print, and a count per
 * kind for the --skip-invalid report. Plain data, so it crosses a worker boundary unchanged.
 */
export interface Rejections {
  rows: number;
  first: Problem[];
  byKind: Map<string, number>;
}

/** How many problems each file keeps for printing: a failed import prints at most this many lines. */
export const PRINTED_PROBLEMS = 20;

export function noRejections(): Rejections {
  return { rows: 0, first: [], byKind: new Map() };
}

/** Records one invalid row by its first problem, so the counts per kind add up to the rejected rows. */
export function reject(into: Rejections, problem: Problem): void {
  into.rows++;
  if (into.first.length < PRINTED_PROBLEMS) into.first.push(problem);
  const kind = problemKind(problem);
  into.byKind.set(kind, (into.byKind.get(kind) ?? 0) + 1);
}
