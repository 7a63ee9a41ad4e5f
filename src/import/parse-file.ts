/**
 * One seed file from disk to packed rows, in batches: header matched by name (columns.ts), each record checked (rows.ts),
 * invalid rows collected as problems rather than thrown.
 */
import path from "node:path";
import { resolveHeader, type ResolvedHeader, type SeedFile } from "./columns.js";
import { ImportError, formatProblem, noRejections, reject, type Rejections } from "./import-errors.js";
import { readCsv } from "./read-csv.js";
import { rowBuilder, type FileRows, type RowBuilder } from "./rows.js";

/** What reading one file found, besides its rows. */
export interface FileResult {
  file: SeedFile;
  /** The name found on disk, e.g. `user_interests.csv.gz`. */
  fileName: string;
  /** Data rows (non-blank records after the header), valid or not. */
  rowsRead: number;
  rejections: Rejections;
}

/** A whole file's valid rows (npm run ingest's delta files, which are small). */
export interface ParsedFile extends FileResult {
  rows: FileRows;
}

/** Some of a file's valid rows, in file order, as streamSeedFile hands them over. */
export interface RowBatch {
  file: SeedFile;
  fileName: string;
  rows: FileRows;
  /** Rows read from the file up to this batch's last, valid or not, and how many of them were invalid. */
  rowsRead: number;
  rejected: number;
  /** The file's last batch. */
  last: boolean;
}

/** Enough for any header, small enough that the reader does not decode thousands of rows only to stop at the first. */
const HEADER_CHUNK_BYTES = 16 << 10;

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

/**
 * Reads one file and hands its valid rows to `onBatch` in batches of `batchRows` (the last one smaller, possibly
 * empty). Reading waits, at the end of each chunk of the file, until `onBatch` is done with every batch so far: a
 * slow consumer holds the reader back, so no more than a chunk's rows and the consumer's own queue are ever held.
 */
export async function streamSeedFile(
  file: SeedFile,
  filePath: string,
  batchRows: number,
  onBatch: (batch: RowBatch) => Promise<void> | void,
): Promise<FileResult> {
  const fileName = path.basename(filePath);
  const rejections = noRejections();
  let builder: RowBuilder | undefined;
  let width = 0;
  let rowsRead = 0;
  // Batches are handed on one at a time, in order, each once the one before is done with; the first failure stops
  // the handing on and is thrown at the next chunk's end.
  let queue = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const flush = (last: boolean) => {
    const batch: RowBatch = { file, fileName, rows: builder!.flush(), rowsRead, rejected: rejections.rows, last };
    queue = queue
      .then(() => (failure === undefined ? onBatch(batch) : undefined))
      .catch((error: unknown) => {
        failure ??= { error };
      });
  };
  const drain = async () => {
    await queue;
    if (failure !== undefined) throw failure.error;
  };
  const reading = readCsv(filePath, fileName, {
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
        else if (builder!.pending >= batchRows) flush(false);
      }
    },
    afterChunk: drain,
  });
  // A file that fails to read still lets the batch being written finish, so nothing writes after the caller's
  // rollback.
  await reading.catch(async (error: unknown) => {
    await queue;
    throw error;
  });
  flush(true);
  await drain();
  return { file, fileName, rowsRead, rejections };
}

/** Reads one whole file (npm run ingest's delta), its valid rows in one batch. */
export async function parseSeedFile(file: SeedFile, filePath: string, onProgress?: (rowsRead: number) => void): Promise<ParsedFile> {
  let rows: FileRows | undefined;
  const result = await streamSeedFile(file, filePath, Infinity, (batch) => {
    rows = batch.rows;
    onProgress?.(batch.rowsRead);
  });
  return { ...result, rows: rows! };
}
