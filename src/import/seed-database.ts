/**
 * The seed: finds the four CSV files in a folder, checks every header and that rows follow it, parses the files (two
 * at a time), refuses invalid rows or skips them, and replaces the database's activity rows in one transaction
 * through the import's store (load.ts).
 */
import { existsSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { databasePath, type DatabaseTarget, databaseTarget, projectRoot, redactUrl, targetOfUrl } from "../database-url.js";
import { seedFiles, type SeedFile, type SeedTable } from "./columns.js";
import { ImportError, PRINTED_PROBLEMS, formatProblem, type Problem } from "./import-errors.js";
import { openSqliteSeedStore, type SeedStore } from "./load.js";
import { openPostgresSeedStore } from "./postgres-seed-store.js";
import { checkHeader, type HeaderCheck, parseSeedFile, type ParsedFile } from "./parse-file.js";
import { parseSeedFileInWorker } from "./parse-in-worker.js";
import { type SeedData, seedTableRows, storedCounts, type StoredCounts } from "./tables.js";

export type SeedProgress =
  /** Rows read from one file so far, and seconds since that file began; `finished` on its last event. */
  | { phase: "read"; fileName: string; rows: number; seconds: number; finished: boolean }
  | { phase: "write"; table: SeedTable; rows: number; total: number };

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

/** A worker thread pays its start-up (loading the import's modules): below this size the file parses sooner here. */
const WORKER_MIN_BYTES = 4 << 20;

/**
 * Parses the four files, the largest on a worker thread when there is a second core and the rest here meanwhile,
 * so the two big files (views and interests) overlap.
 */
async function parseAll(paths: Record<SeedFile, string>, onProgress: SeedOptions["onProgress"]): Promise<ParsedFile[]> {
  const progress = (filePath: string) => {
    const started = performance.now();
    return (rows: number, finished: boolean) =>
      onProgress?.({ phase: "read", fileName: path.basename(filePath), rows, seconds: (performance.now() - started) / 1000, finished });
  };
  const bySize = [...seedFiles].sort((a, b) => statSync(paths[b]).size - statSync(paths[a]).size);
  const offloaded =
    os.availableParallelism() > 1 && statSync(paths[bySize[0]]).size >= WORKER_MIN_BYTES ? bySize[0] : undefined;
  const abort = new AbortController();
  // Settled into a value at once, so a worker failing while this thread still parses is not an unhandled rejection.
  const remote =
    offloaded === undefined
      ? Promise.resolve({ parsed: [] as ParsedFile[] })
      : parseSeedFileInWorker(offloaded, paths[offloaded], progress(paths[offloaded]), abort.signal).then(
          (parsed): { parsed: ParsedFile[]; error?: unknown } => ({ parsed: [parsed] }),
          (error: unknown) => ({ parsed: [], error }),
        );
  const parsed: ParsedFile[] = [];
  try {
    for (const file of seedFiles) {
      if (file !== offloaded) parsed.push(await parseSeedFile(file, paths[file], progress(paths[file])));
    }
  } catch (error) {
    abort.abort();
    throw error;
  }
  const fromWorker = await remote;
  if ("error" in fromWorker) throw fromWorker.error;
  parsed.push(...fromWorker.parsed);
  return seedFiles.map((file) => parsed.find((p) => p.file === file)!);
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
export function refuseInvalidRows(parsed: ParsedFile[]): void {
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
  let parsed: ParsedFile[];
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

    parsed = await parseAll(paths, options.onProgress);
    if (!options.skipInvalid) refuseInvalidRows(parsed);
    readDone = performance.now();

    const data = Object.fromEntries(parsed.map((p) => [p.file, p.rows])) as SeedData;
    const rows = seedTableRows(data);
    const inserted = await store.replaceAll(rows.tables, (table, done, total) =>
      options.onProgress?.({ phase: "write", table, rows: done, total }),
    );
    stored = storedCounts(rows, inserted);
  } finally {
    // Closing is part of the write's time: SQLite checkpoints the write-ahead log into the database file.
    await store.close();
  }
  const finished = performance.now();
  return {
    ...stored,
    dir: options.dir,
    database: target.dialect === "sqlite" ? databasePath(target.url) : redactUrl(target.url),
    files: parsed.map((p) => ({
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
