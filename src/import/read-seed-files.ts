/**
 * The seed's reading side: the four files one after another, every row checked, the valid rows handed on in
 * batches as they are read, and the derived tables (users, courses, course_authors) collected on the way. Runs on a
 * worker thread (parse-in-worker.ts) while the main thread writes, or on the main thread for small files.
 */
import { seedFiles, type SeedFile } from "./columns.js";
import { type FileResult, type RowBatch, streamSeedFile } from "./parse-file.js";
import { DerivedCollector, type DerivedRows } from "./tables.js";

export interface ReadRequest {
  paths: Record<SeedFile, string>;
  /** Valid rows per batch handed on. */
  batchRows: number;
  /** Without it the first invalid row ends the handing on: the seed will refuse, so the rest is only checked,
   *  for the problems and counts the refusal prints. */
  skipInvalid: boolean;
}

export interface SeedRead {
  /** In seedFiles order. */
  files: FileResult[];
  derived: DerivedRows;
}

export async function readSeedFiles(
  { paths, batchRows, skipInvalid }: ReadRequest,
  onBatch: (batch: RowBatch) => Promise<void> | void,
): Promise<SeedRead> {
  const collector = new DerivedCollector();
  const files: FileResult[] = [];
  let refused = false;
  for (const file of seedFiles) {
    const result = await streamSeedFile(file, paths[file], batchRows, (batch) => {
      refused ||= !skipInvalid && batch.rejected > 0;
      if (refused) return undefined;
      collector.add(batch.rows);
      return onBatch(batch);
    });
    refused ||= !skipInvalid && result.rejections.rows > 0;
    files.push(result);
  }
  return { files, derived: collector.finish() };
}
