/**
 * The seed: finds the four CSV files in a folder, checks every header and that rows follow it, then in one
 * transaction through the import's store (load.ts) replaces the database's activity rows with the files' valid
 * rows, written batch by batch as they are read (never all held at once), and commits only if no row was invalid
 * (or --skip-invalid) and every file was read to its end.
 */
import { existsSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { databasePath, type DatabaseTarget, databaseTarget, projectRoot, redactUrl, targetOfUrl } from "../database-url.js";
import { seedFiles, type SeedFile, type SeedTable } from "./columns.js";
import { ImportError, PRINTED_PROBLEMS, formatProblem, type Problem } from "./import-errors.js";
import { openSqliteSeedStore, type SeedStore, type WriteStep } from "./load.js";
import { openPostgresSeedStore } from "./postgres-seed-store.js";
import { checkHeader, type FileResult, type HeaderCheck, type RowBatch } from "./parse-file.js";
import { readSeedFilesInWorker } from "./parse-in-worker.js";
import { type ReadRequest, readSeedFiles, type SeedRead } from "./read-seed-files.js";
import { derivedTables, fileTable, storedCounts, type StoredCounts } from "./tables.js";

export type SeedProgress =
  /** Rows read from one file and written so far, and seconds since its first batch was written; `finished` on its
   *  last event. */
  | { phase: "read"; fileName: string; rows: number; seconds: number; finished: boolean }
  /** Once every file is read: each derived table (users, courses, course_authors) written, then the store's last
   *  steps. */
  | { phase: "write"; step: SeedTable | WriteStep };

export interface SeedOptions {
  /** Folder holding course_tags, user_assessment_scores, user_interests and user_course_views (.csv or .csv.gz). */
  dir: string;
  /** Database: a `file:` or `postgresql://` URL; default DATABASE_URL, else DATABASE_ENV (database-url.ts). */
  url?: string;
  /** Import the valid rows and count the rest, instead of failing on the first invalid row. */
  skipInvalid?: boolean;
  /** Import a file with a header and no rows as an empty table, instead of refusing it (a truncated export). */
  allowEmpty?: boolean;
  onProgress?: (progress: SeedProgress) => void;
  /** Valid rows per batch written (default BATCH_ROWS); tests use small ones to end a file in several batches. */
  batchRows?: number;
  /** Non-fatal findings, one formatted line each (extra columns). */
  onWarning?: (line: string) => void;
}

export interface FileSummary {
  file: SeedFile;
  fileName: string;
  rowsRead: number;
  rejected: number;
  /** `column: reason` → rejected rows, most frequent first. */
  rejectedByKind: [string, number][];
}

export interface SeedSummary extends StoredCounts {
  dir: string;
  database: string;
  files: FileSummary[];
  /** read: until every file was read, their rows written as they came; write: the rest (derived tables, indexes,
   *  checks, commit, checkpoint). */
  seconds: { read: number; write: number; total: number };
}

/** The project's own seeds/ folder. */
export const defaultSeedDir = path.join(projectRoot, "seeds");

/** Each seed file's path in `dir`: exactly one of name.csv and name.csv.gz must exist. */
export function locateSeedFiles(dir: string): Record<SeedFile, string> {
  return locateFiles(dir, true) as Record<SeedFile, string>;
}

/** The seed files present in `dir`, at least one (`npm run ingest`'s delta): for each, name.csv or name.csv.gz,
 *  not both. */
export function locateSomeSeedFiles(dir: string): Partial<Record<SeedFile, string>> {
  const found = locateFiles(dir, false);
  if (Object.keys(found).length === 0) {
    throw new ImportError("MISSING_FILE", [`${dir}: none of ${seedFiles.map((f) => `${f}.csv`).join(", ")} (or .csv.gz)`]);
  }
  return found;
}

function locateFiles(dir: string, everyOne: boolean): Partial<Record<SeedFile, string>> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ImportError("MISSING_FILE", [`${dir}: no such folder`]);
  }
  const found: Partial<Record<SeedFile, string>> = {};
  const problems: string[] = [];
  for (const file of seedFiles) {
    const candidates = [`${file}.csv`, `${file}.csv.gz`].filter((name) => existsSync(path.join(dir, name)));
    if (candidates.length === 1) found[file] = path.join(dir, candidates[0]);
    else if (candidates.length === 2) problems.push(`${path.join(dir, file)}.csv: both ${candidates.join(" and ")} exist; keep one`);
    else if (everyOne) problems.push(`${path.join(dir, file)}.csv: no such file (nor ${file}.csv.gz)`);
  }
  if (problems.length > 0) throw new ImportError("MISSING_FILE", problems);
  return found;
}

/** Runs every promise to its end, then throws the ImportErrors' lines together (any other error first). */
export async function allOrImportError<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  const bug = failures.find((e) => !(e instanceof ImportError));
  if (bug !== undefined) throw bug;
  if (failures.length > 0) {
    const first = failures[0] as ImportError;
    throw new ImportError(first.code, failures.flatMap((e) => (e as ImportError).lines));
  }
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** A worker thread pays its start-up (loading the import's modules): below this size the files are read here. */
const WORKER_MIN_BYTES = 4 << 20;

/** Valid rows per batch: large enough that a batch's fixed costs (a message, a COPY) vanish, small enough that the
 *  few batches in flight stay a few MB. */
const BATCH_ROWS = 65_536;

/**
 * Reads the files on a worker thread when there is a second core, while this thread writes each batch (`onBatch`);
 * small files are read here, the two taking turns.
 */
function readAll(request: ReadRequest, onBatch: (batch: RowBatch) => Promise<void>): Promise<SeedRead> {
  const bytes = seedFiles.reduce((sum, file) => sum + statSync(request.paths[file]).size, 0);
  const offload = os.availableParallelism() > 1 && bytes >= WORKER_MIN_BYTES;
  return offload ? readSeedFilesInWorker(request, onBatch) : readSeedFiles(request, onBatch);
}

/** Refuses the import when a file has a header and no rows: a truncated export must not empty a table unasked. */
function refuseFilesWithoutRows(files: { fileName: string; header: HeaderCheck }[]): void {
  const empty = files.filter((f) => !f.header.hasRows);
  if (empty.length === 0) return;
  const lines = empty.map((f) => formatProblem({ file: f.fileName, line: f.header.line, column: "file", reason: "no rows after the header" }));
  lines.push(`nothing was imported: a file with only a header would empty its table (--allow-empty imports it)`);
  throw new ImportError("NO_ROWS", lines);
}

/** Refuses the import (seed or ingest) when any row is invalid: up to 20 problem lines across the files, then the count of the rest. */
export function refuseInvalidRows(parsed: readonly FileResult[]): void {
  const total = parsed.reduce((sum, p) => sum + p.rejections.rows, 0);
  if (total === 0) return;
  const shown: Problem[] = parsed.flatMap((p) => p.rejections.first).slice(0, PRINTED_PROBLEMS);
  const lines = shown.map(formatProblem);
  if (total > shown.length) lines.push(`… and ${total - shown.length} more invalid rows`);
  lines.push(`${total} invalid row${total === 1 ? "" : "s"}; nothing was imported (--skip-invalid imports the valid rows)`);
  throw new ImportError("INVALID_ROWS", lines);
}

/** The seed's store for the database `target` names: SQLite's file (created when missing) or a PostgreSQL pool. */
function openSeedStore(target: DatabaseTarget): Promise<SeedStore> {
  return target.dialect === "postgresql" ? openPostgresSeedStore(target.url) : Promise.resolve(openSqliteSeedStore(target.url));
}

export async function seedDatabase(options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const target = options.url === undefined ? databaseTarget() : targetOfUrl(options.url);
  const paths = locateSeedFiles(options.dir);
  const store = await openSeedStore(target);
  const progress = options.onProgress ?? (() => {});
  let read: SeedRead;
  let readDone: number;
  let stored: StoredCounts;
  try {
    await store.requireMigrated();
    const headers = await allOrImportError(seedFiles.map((file) => checkHeader(file, paths[file])));
    seedFiles.forEach((file, i) => {
      for (const column of headers[i].ignored) {
        const fileName = path.basename(paths[file]);
        options.onWarning?.(formatProblem({ file: fileName, line: 1, column, reason: "not a column of this file, ignored" }));
      }
    });
    if (!options.allowEmpty) refuseFilesWithoutRows(seedFiles.map((file, i) => ({ fileName: path.basename(paths[file]), header: headers[i] })));

    // One transaction from here to the commit: the batches are written into it as the files are read.
    const write = await store.beginReplace();
    try {
      const offered: Partial<Record<SeedTable, number>> = {};
      let blankTags = 0;
      const fileStarted = new Map<string, number>();
      const writeBatch = async (batch: RowBatch) => {
        const rows = fileTable(batch.rows);
        await write.insert(rows);
        offered[rows.table] = (offered[rows.table] ?? 0) + rows.count;
        blankTags += rows.blank;
        if (!fileStarted.has(batch.fileName)) fileStarted.set(batch.fileName, performance.now());
        const seconds = (performance.now() - fileStarted.get(batch.fileName)!) / 1000;
        progress({ phase: "read", fileName: batch.fileName, rows: batch.rowsRead, seconds, finished: batch.last });
      };
      read = await readAll({ paths, batchRows: options.batchRows ?? BATCH_ROWS, skipInvalid: options.skipInvalid === true }, writeBatch);
      if (!options.skipInvalid) refuseInvalidRows(read.files);
      readDone = performance.now();
      for (const rows of derivedTables(read.derived)) {
        progress({ phase: "write", step: rows.table });
        await write.insert(rows);
      }
      stored = storedCounts(await write.commit((step) => progress({ phase: "write", step })), offered, blankTags);
    } catch (error) {
      await write.rollback();
      throw error;
    }
  } finally {
    // Closing is part of the write's time: SQLite checkpoints the write-ahead log into the database file.
    await store.close();
  }
  const finished = performance.now();
  return {
    ...stored,
    dir: options.dir,
    database: target.dialect === "sqlite" ? databasePath(target.url) : redactUrl(target.url),
    files: read.files.map((p) => ({
      file: p.file,
      fileName: p.fileName,
      rowsRead: p.rowsRead,
      rejected: p.rejections.rows,
      rejectedByKind: [...p.rejections.byKind].sort((a, b) => b[1] - a[1]),
    })),
    seconds: {
      read: (readDone - started) / 1000,
      write: (finished - readDone) / 1000,
      total: (finished - started) / 1000,
    },
  };
}
