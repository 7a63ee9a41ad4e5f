/**
 * One seed file from disk to packed rows: header matched by name (columns.ts), each record checked (rows.ts),
 * invalid rows collected as problems rather than thrown.
 */
import path from "node:path";
import { resolveHeader, type ResolvedHeader, type SeedFile } from "./columns.js";
import { ImportError, formatProblem, noRejections, reject, type Rejections } from "./import-errors.js";
import { readCsv } from "./read-csv.js";
import { rowBuilder, type FileRows, type RowBuilder } from "./rows.js";

export interface ParsedFile {
  file: SeedFile;
  /** The name found on disk, e.g. `user_interests.csv.gz`. */
  fileName: string;
  /** Data rows (non-blank records after the header), valid or not. */
  rowsRead: number;
  rejections: Rejections;
  rows: FileRows;
}

/** Enough for any header, small enough that fast-csv does not parse thousands of rows only to stop at the first. */
const HEADER_CHUNK_BYTES = 16 << 10;

/** Progress is reported every this many rows. */
const PROGRESS_EVERY = 16_384;

function headerOrThrow<F extends SeedFile>(file: F, fileName: string, cells: string[], line: number): ResolvedHeader<F> {
  const header = resolveHeader(file, fileName, cells, line);
  if (Array.isArray(header)) throw new ImportError("BAD_HEADER", header.map(formatProblem));
  return header;
}

export interface HeaderCheck {
  /** Header cells that are no column of this file, ignored. */
  ignored: string[];
  /** The header's line. */
  line: number;
  /** Whether a non-blank record follows the header. */
  hasRows: boolean;
}

/**
 * Reads the header of `filePath` and looks for a first row after it; throws ImportError BAD_HEADER naming file and
 * column. Lets the seed refuse a bad header, or a file without rows, in any file before reading the rows of any.
 */
export async function checkHeader(file: SeedFile, filePath: string): Promise<HeaderCheck> {
  const fileName = path.basename(filePath);
  const check: HeaderCheck = { ignored: [], line: 1, hasRows: false };
  await readCsv(
    filePath,
    fileName,
    {
      onHeader(cells, line) {
        check.ignored = headerOrThrow(file, fileName, cells, line).ignored;
        check.line = line;
        return true;
      },
      onRecord() {
        check.hasRows = true;
        return false;
      },
    },
    HEADER_CHUNK_BYTES,
  );
  return check;
}

export async function parseSeedFile(
  file: SeedFile,
  filePath: string,
  /** Rows read so far; `finished` on the last call. */
  onProgress?: (rowsRead: number, finished: boolean) => void,
): Promise<ParsedFile> {
  const fileName = path.basename(filePath);
  const rejections = noRejections();
  let builder: RowBuilder | undefined;
  let width = 0;
  let rowsRead = 0;
  await readCsv(filePath, fileName, {
    onHeader(cells, line) {
      const header = headerOrThrow(file, fileName, cells, line);
      width = header.width;
      builder = rowBuilder(file, header, fileName);
      return true;
    },
    onRecord(cells, line) {
      rowsRead++;
      if (cells.length !== width) {
        reject(rejections, {
          file: fileName,
          line,
          column: "row",
          reason: "wrong number of cells",
          detail: `expected ${width}, got ${cells.length}`,
        });
      } else {
        const problem = builder!.add(cells, line);
        if (problem !== undefined) reject(rejections, problem);
      }
      if (onProgress !== undefined && rowsRead % PROGRESS_EVERY === 0) onProgress(rowsRead, false);
    },
  });
  onProgress?.(rowsRead, true);
  return { file, fileName, rowsRead, rejections, rows: builder!.finish() };
}
