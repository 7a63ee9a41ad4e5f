/**
 * Streams one CSV file (.csv, or gzip-compressed .csv.gz) through fast-csv and hands over its records with the
 * physical line each starts on. fast-csv strips a UTF-8 BOM and accepts LF, CRLF and CR line ends.
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { parse } from "fast-csv";
import { ImportError, formatProblem, type Problem } from "./import-errors.js";
import { findQuoteFault, type QuoteFault } from "./quote-fault.js";

export interface CsvHandlers {
  /** The first non-blank record. Return false to stop reading there (a header-only check). */
  onHeader(cells: string[], line: number): boolean;
  /** Every later non-blank record, in file order. Return false to stop reading there. */
  onRecord(cells: string[], line: number): boolean | void;
}

/** Line breaks inside one cell: CRLF counts once, a lone CR or LF once each. */
function lineBreaks(cell: string): number {
  if (cell.indexOf("\n") === -1 && cell.indexOf("\r") === -1) return 0;
  return cell.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/**
 * Reads `path`, calling the handlers synchronously per record. `fileName` names the file in errors. fast-csv parses
 * a whole chunk before handing over its first record: a full read wants large chunks, so the cost per chunk is paid
 * rarely; a header check wants small ones, so that it parses few rows it will not use.
 * Throws ImportError MALFORMED_CSV when fast-csv cannot split the file or the gzip data is corrupt.
 */
export async function readCsv(path: string, fileName: string, handlers: CsvHandlers, chunkBytes = 1 << 20): Promise<void> {
  const source = createReadStream(path, { highWaterMark: chunkBytes });
  // Headers off: records arrive as arrays, and the caller maps columns by name itself (columns.ts).
  const parser = parse({ headers: false, ignoreEmpty: false });
  // Line numbers: fast-csv counts records, not lines. A record starts on the line after everything before it, and
  // everything before it is one line per earlier record (its end of line) plus the line breaks inside its quoted
  // cells. Blank lines arrive as empty records, so they count too and are then skipped.
  let line = 1;
  let headerSeen = false;
  let stopped = false;
  parser.on("data", (cells: string[]) => {
    if (stopped) return;
    const start = line;
    line += 1;
    for (let i = 0; i < cells.length; i++) line += lineBreaks(cells[i]);
    if (cells.length === 0) return;
    const goOn = headerSeen ? handlers.onRecord(cells, start) !== false : handlers.onHeader(cells, start);
    headerSeen = true;
    if (!goOn) {
      stopped = true;
      source.destroy();
    }
  });
  try {
    if (path.endsWith(".gz")) await pipeline(source, createGunzip(), parser);
    else await pipeline(source, parser);
  } catch (error) {
    if (stopped && (error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    throw await malformed(error, path, fileName, line);
  }
  if (!headerSeen) {
    throw new ImportError("BAD_HEADER", [formatProblem({ file: fileName, line: 1, column: "header", reason: "file is empty" })]);
  }
}

/**
 * The ImportError for a file fast-csv could not split or gunzip could not read. fast-csv drops the records of the
 * chunk it fails in, so its error says only that the fault lies at or after `line`, the line after the last record
 * delivered; quote-fault.ts finds the line itself.
 */
async function malformed(error: unknown, path: string, fileName: string, line: number): Promise<unknown> {
  const e = error as NodeJS.ErrnoException;
  if (e.code === "Z_DATA_ERROR" || e.code === "Z_BUF_ERROR") {
    return new ImportError("MALFORMED_CSV", [
      formatProblem({ file: fileName, line: 1, column: "file", reason: "not valid gzip data", detail: e.message }),
    ]);
  }
  if (typeof e.message !== "string" || !e.message.startsWith("Parse Error")) return error;
  const fault = await findQuoteFault(path);
  // No fault found means quote-fault.ts and fast-csv disagree on a rule: then only fast-csv's bound is known.
  const problem: Problem =
    fault === undefined
      ? { file: fileName, line, column: "row", reason: "malformed CSV at or after this line", detail: e.message }
      : { file: fileName, line: fault.line, column: "row", ...quoteProblem(fault) };
  return new ImportError("MALFORMED_CSV", [formatProblem(problem)]);
}

function quoteProblem({ line, closed }: QuoteFault): Pick<Problem, "reason" | "detail"> {
  if (closed === undefined) {
    return { reason: "unclosed quote", detail: "the quoted cell that opens on this line runs to the end of the file" };
  }
  const got = JSON.stringify(closed.followedBy);
  if (closed.line === line) {
    const detail = `got ${got} after the quoted cell that opens on this line; a quote inside a quoted cell is written ""`;
    return { reason: "text after a closing quote", detail };
  }
  const detail = `the quoted cell that opens on this line runs to a quote on line ${closed.line}, which ${got} follows`;
  return { reason: "unclosed quote", detail };
}
