import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openSqlite } from "../../src/db.js";

export interface TestDatabase {
  /** `file:` URL for createPrisma / openSqlite / DATABASE_URL. */
  url: string;
  path: string;
  dir: string;
  remove(): void;
}

/** A new SQLite file with every migration applied (a copy of the template global-setup.ts deployed). */
export function freshDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kindred-test-"));
  const file = path.join(dir, "kindred.db");
  copyFileSync(inject("templateDatabase"), file);
  return { url: `file:${file}`, path: file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every row `sql` selects from the database at `url`, through a connection opened and closed for it. */
export function selectAll(url: string, sql: string): unknown[] {
  const db = openSqlite(url);
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
