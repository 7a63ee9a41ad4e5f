// Test helper: a temporary seed folder holding the `good` fixture's four files, with some replaced or removed.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/import");

export interface SeedDir {
  dir: string;
  remove(): void;
}

/**
 * Copies fixtures/import/good to a new folder, then writes each entry of `files` (a name such as
 * `user_interests.csv` or `user_interests.csv.gz` → its content; null deletes the file). Writing `x.csv.gz`
 * removes `x.csv`.
 */
export function seedDir(files: Record<string, string | Buffer | null> = {}): SeedDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kindred-seed-"));
  cpSync(path.join(fixtures, "good"), dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith(".gz")) rmSync(path.join(dir, name.slice(0, -3)), { force: true });
    if (content === null) rmSync(path.join(dir, name), { force: true });
    else writeFileSync(path.join(dir, name), content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
