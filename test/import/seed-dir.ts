// Test helpers: a temporary seed folder holding the `good` fixture's four files, with some replaced or removed; and
// the set-up every seeding test file shares (a fresh database per test, its folders removed after it).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach } from "vitest";
import { freshDatabase, type TestDatabase } from "../support/database.js";

export const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/import");

/** The folder's files: a name such as `user_interests.csv` or `user_interests.csv.gz` → its content; null deletes. */
export type SeedFiles = Record<string, string | Buffer | null>;

/**
 * Copies fixtures/import/good to a new folder, then writes each entry of `files`. Writing `x.csv.gz` removes
 * `x.csv`. Returns the folder.
 */
function seedDir(files: SeedFiles): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kindred-seed-"));
  cpSync(path.join(fixtures, "good"), dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith(".gz")) rmSync(path.join(dir, name.slice(0, -3)), { force: true });
    if (content === null) rmSync(path.join(dir, name), { force: true });
    else writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export interface SeedTestBed {
  /** The running test's database: migrated and empty when the test starts. */
  readonly database: TestDatabase;
  /** A seed folder for the running test: the good fixture with `files` written over it (see seedDir). */
  folder(files?: SeedFiles): string;
  /** An empty folder for the running test. */
  scratch(): string;
}

/** Call once at the top of a test file: each test gets a fresh database, and what it made is removed after it. */
export function seedTestBed(): SeedTestBed {
  let database: TestDatabase | undefined;
  const folders: string[] = [];
  beforeEach(() => {
    database = freshDatabase();
  });
  afterEach(() => {
    database?.remove();
    database = undefined;
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const made = (dir: string) => (folders.push(dir), dir);
  return {
    get database() {
      if (database === undefined) throw new Error("seedTestBed: the database exists only while a test runs");
      return database;
    },
    folder: (files = {}) => made(seedDir(files)),
    scratch: () => made(mkdtempSync(path.join(os.tmpdir(), "kindred-csv-"))),
  };
}
