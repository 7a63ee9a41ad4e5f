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

/**
 * Reads only the header of `filePath`: returns the ignored extra columns, or throws ImportError BAD_HEADER naming
 * file and column. Lets the seed refuse a bad header in any file before reading a row of any file.
 */
export async function checkHeader(file: SeedFile, filePath: string): Promise<string[]> {
  const fileName = path.basename(filePath);
  let ignored: string[] = [];
  const handlers = {
    onHeader(cells: string[], line: number) {
      ignored = headerOrThrow(file, fileName, cells, line).ignored;
      return false;
    },
    onRecord() {},
  };
  await readCsv(filePath, fileName, handlers, HEADER_CHUNK_BYTES);
  return ignored;
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
