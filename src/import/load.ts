/**
 * The import's store: all of the seed's SQL, for SQLite through better-sqlite3. The one write empties and refills
 * every seed table inside a single transaction, so a failed or interrupted seed (a thrown error, Ctrl-C, a killed
 * process) leaves the previous data exactly as it was. ranking_runs and neighbours are left alone: a run is a
 * snapshot of its own. What the rows are comes from tables.ts; a store only says how its database writes them.
 */
import type Database from "better-sqlite3";
import { databasePath } from "../database-url.js";
import { openSqlite } from "../db.js";
import { type SeedTable, seedTables } from "./columns.js";
import { ImportError } from "./import-errors.js";
import type { TableRows } from "./tables.js";

/** Called every few thousand rows while writing, and once at each table's end. */
export type WriteProgress = (table: SeedTable, written: number, total: number) => void;

export interface SeedStore {
  /** Throws ImportError NOT_MIGRATED, naming the database, when a seed table is missing. */
  requireMigrated(): Promise<void>;
  /**
   * Replaces every seed table's rows with `tables` (one entry per table, parents first), all or nothing. Returns
   * the rows each table holds afterwards: fewer than offered where a unique key collapsed exact repeats.
   */
  replaceAll(tables: readonly TableRows[], onProgress?: WriteProgress): Promise<Record<SeedTable, number>>;
  /** Closes the connection; for SQLite this checkpoints the write-ahead log into the database file. */
  close(): Promise<void>;
}

const PROGRESS_EVERY = 16_384;

/** Rows per INSERT statement: a statement's fixed cost (a call into SQLite, a step of its VM) is paid once per 64 rows. */
const ROWS_PER_STATEMENT = 64;

/**
 * Inserts the table's rows with multi-row INSERTs (OR IGNORE where a unique key collapses repeats); returns how
 * many rows were inserted, fewer than offered when OR IGNORE skipped some.
 */
function insertRows(db: Database.Database, rows: TableRows, onProgress: (done: number) => void): number {
  const { count: total, fill } = rows;
  const width = rows.columns.length;
  const head = `INSERT ${rows.collapseRepeats ? "OR IGNORE " : ""}INTO ${rows.table} (${rows.columns.join(", ")})`;
  const placeholders = `(${Array(width).fill("?").join(", ")})`;
  const many = db.prepare(`${head} VALUES ${Array(ROWS_PER_STATEMENT).fill(placeholders).join(", ")}`);
  const one = db.prepare(`${head} VALUES ${placeholders}`);
  const params: unknown[] = new Array(width * ROWS_PER_STATEMENT);
  let inserted = 0;
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= total; i += ROWS_PER_STATEMENT) {
    for (let k = 0; k < ROWS_PER_STATEMENT; k++) fill(i + k, params, k * width);
    inserted += many.run(params).changes;
    if ((i + ROWS_PER_STATEMENT) % PROGRESS_EVERY === 0) onProgress(i + ROWS_PER_STATEMENT);
  }
  const single: unknown[] = new Array(width);
  for (; i < total; i++) {
    fill(i, single, 0);
    inserted += one.run(single).changes;
  }
  onProgress(total);
  return inserted;
}

interface IndexDefinition {
  name: string;
  sql: string;
}

/**
 * The plain (non-unique) indexes of the refilled tables, as the migrations created them. The write drops them and
 * runs their own CREATE statements again once the rows are in: building an index from all the rows is one sort,
 * where keeping it current costs a random B-tree descent per insert. Unique indexes stay, since INSERT OR IGNORE
 * relies on them to collapse duplicates.
 */
function plainIndexes(db: Database.Database): IndexDefinition[] {
  const tables = seedTables.map(() => "?").join(", ");
  return db
    .prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${tables})`,
    )
    .all(...seedTables) as IndexDefinition[];
}

/** Tables in delete order: children before parents, so no cascade has to run. */
const deleteOrder: readonly SeedTable[] = [...seedTables].reverse();

/**
 * Empties the seed tables and inserts `tables`, all or nothing.
 *
 * Foreign keys are switched off for the write and checked once at its end (PRAGMA foreign_key_check): with them on,
 * every delete of a user or course looks for children and SQLite cannot truncate the tables. An orphan row is a bug
 * in the import and rolls everything back.
 */
function replaceAll(db: Database.Database, tables: readonly TableRows[], onProgress: WriteProgress): Record<SeedTable, number> {
  const write = db.transaction((): Record<SeedTable, number> => {
    for (const table of deleteOrder) db.prepare(`DELETE FROM ${table}`).run();
    const indexes = plainIndexes(db);
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    // Ids of a fresh seed start at 1 again, as on an empty database.
    db.prepare(`DELETE FROM sqlite_sequence WHERE name IN (${deleteOrder.map(() => "?").join(", ")})`).run(...deleteOrder);
    const inserted = {} as Record<SeedTable, number>;
    for (const rows of tables) inserted[rows.table] = insertRows(db, rows, (done) => onProgress(rows.table, done, rows.count));
    for (const index of indexes) db.exec(index.sql);
    // Only the tables written here: another table's orphans (say, neighbours) are not this write's doing.
    const orphans = seedTables.flatMap((table) => db.pragma(`foreign_key_check(${table})`) as unknown[]);
    if (orphans.length > 0) throw new Error(`seed wrote ${orphans.length} rows without a parent: ${JSON.stringify(orphans[0])}`);
    return inserted;
  });
  // A larger page cache (256 MiB, this connection only) keeps the growing indexes in memory during the write.
  db.pragma("cache_size = -262144");
  // In WAL mode NORMAL skips the fsync at commit and still never corrupts: a power cut can at worst lose this whole
  // transaction, which leaves the previous rows, as a failed seed does.
  db.pragma("synchronous = NORMAL");
  // foreign_keys cannot change inside a transaction, so it is switched around it.
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) === 1;
  db.pragma("foreign_keys = OFF");
  try {
    // IMMEDIATE takes the write lock before the deletes, so a concurrent writer fails fast instead of mid-way.
    return write.immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  }
}

/** The seed's store over the SQLite database at `url` (a `file:` URL); the connection opens here. */
export function openSqliteSeedStore(url: string): SeedStore {
  const db = openSqlite(url);
  return {
    async requireMigrated() {
      const present = new Set(
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
      );
      const missing = seedTables.filter((t) => !present.has(t));
      if (missing.length > 0) {
        throw new ImportError("NOT_MIGRATED", [
          `${databasePath(url)}: no ${missing.join(", ")} table${missing.length > 1 ? "s" : ""}; apply the migrations first (npx prisma migrate deploy)`,
        ]);
      }
    },
    async replaceAll(tables, onProgress = () => {}) {
      return replaceAll(db, tables, onProgress);
    },
    async close() {
      db.close();
    },
  };
}
