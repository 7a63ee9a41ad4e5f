/**
 * The import's store: all of the seed's SQL, for SQLite through better-sqlite3. The one write empties and refills
 * every seed table inside a single transaction, batch by batch as the files are read, so a failed or interrupted seed (a thrown error, Ctrl-C, a killed
 * process) leaves the previous data exactly as it was. ranking_runs and neighbours are left alone: a run is a
 * snapshot of its own. What the rows are comes from tables.ts; a store only says how its database writes them.
 */
import os from "node:os";
import type Database from "better-sqlite3";
import { databasePath } from "../database-url.js";
import { openSqlite } from "../db.js";
import { type SeedTable, seedTables } from "./columns.js";
import { ImportError } from "./import-errors.js";
import type { TableRows } from "./tables.js";

/** The steps of a write after its last rows, named as each begins. */
export type WriteStep = "indexes" | "commit";

/**
 * One replacement of every seed table's rows, all or nothing: begun by SeedStore.beginReplace (the tables are empty
 * from there on, to this write), rows inserted batch by batch as the files are read, then committed or rolled back.
 */
export interface SeedWrite {
  /** Inserts one batch of one table's rows; a unique key collapsing repeats may refuse some. */
  insert(rows: TableRows): Promise<void>;
  /** Rebuilds and checks what the write set aside, and commits. Returns the rows each table holds. */
  commit(onStep?: (step: WriteStep) => void): Promise<Record<SeedTable, number>>;
  /** Undoes the write: the tables hold their previous rows again. */
  rollback(): Promise<void>;
}

export interface SeedStore {
  /** Throws ImportError NOT_MIGRATED, naming the database, when a seed table is missing. */
  requireMigrated(): Promise<void>;
  /** Starts replacing the seed tables' rows: one transaction, in which they are emptied. */
  beginReplace(): Promise<SeedWrite>;
  /** Closes the connection; for SQLite this checkpoints the write-ahead log into the database file. */
  close(): Promise<void>;
}

/** Rows per INSERT statement: a statement's fixed cost (a call into SQLite, a step of its VM) is paid once per 64 rows. */
const ROWS_PER_STATEMENT = 64;

/** A table's two INSERT statements: ROWS_PER_STATEMENT rows at once, and one row for a batch's remainder. */
interface Inserts {
  many: Database.Statement;
  one: Database.Statement;
}

function prepareInserts(db: Database.Database, rows: TableRows): Inserts {
  const head = `INSERT ${rows.collapseRepeats ? "OR IGNORE " : ""}INTO ${rows.table} (${rows.columns.join(", ")})`;
  const placeholders = `(${Array(rows.columns.length).fill("?").join(", ")})`;
  return {
    many: db.prepare(`${head} VALUES ${Array(ROWS_PER_STATEMENT).fill(placeholders).join(", ")}`),
    one: db.prepare(`${head} VALUES ${placeholders}`),
  };
}

/**
 * Inserts the rows with multi-row INSERTs (OR IGNORE where a unique key collapses repeats); returns how many rows
 * were inserted, fewer than offered when OR IGNORE skipped some.
 */
function insertRows({ many, one }: Inserts, rows: TableRows): number {
  const { count: total, fill } = rows;
  const width = rows.columns.length;
  const params: unknown[] = new Array(width * ROWS_PER_STATEMENT);
  let inserted = 0;
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= total; i += ROWS_PER_STATEMENT) {
    for (let k = 0; k < ROWS_PER_STATEMENT; k++) fill(i + k, params, k * width);
    inserted += many.run(params).changes;
  }
  const single: unknown[] = new Array(width);
  for (; i < total; i++) {
    fill(i, single, 0);
    inserted += one.run(single).changes;
  }
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
 * Begins the write: one IMMEDIATE transaction (it takes the write lock before the deletes, so a concurrent writer
 * fails fast instead of mid-way) that empties the seed tables. BEGIN, batches and COMMIT are separate statements
 * rather than one db.transaction(fn), since the rows arrive over seconds from the parsing thread; until the COMMIT
 * the write-ahead log holds the new rows where no reader sees them, and a killed process leaves them uncommitted.
 *
 * Foreign keys are switched off for the write: with them on, every delete of a user or course looks for children
 * and SQLite cannot truncate the tables, and the users and courses are only known once every file is read. They are
 * not checked at the end either (PRAGMA foreign_key_check took 45 s of a million users' seed): the parents are
 * collected from the very batches written (read-seed-files.ts), so every row has its parent by construction.
 */
function beginReplace(db: Database.Database): SeedWrite {
  // A larger page cache (256 MiB, this connection only) keeps the growing indexes in memory during the write.
  db.pragma("cache_size = -262144");
  // In WAL mode NORMAL skips the fsync at commit and still never corrupts: a power cut can at worst lose this whole
  // transaction, which leaves the previous rows, as a failed seed does.
  db.pragma("synchronous = NORMAL");
  // foreign_keys cannot change inside a transaction, so it is switched around it.
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) === 1;
  const restoreForeignKeys = () => db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  db.pragma("foreign_keys = OFF");
  let indexes: IndexDefinition[];
  try {
    db.exec("BEGIN IMMEDIATE");
    for (const table of deleteOrder) db.prepare(`DELETE FROM ${table}`).run();
    indexes = plainIndexes(db);
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
    // Ids of a fresh seed start at 1 again, as on an empty database.
    db.prepare(`DELETE FROM sqlite_sequence WHERE name IN (${deleteOrder.map(() => "?").join(", ")})`).run(...deleteOrder);
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    restoreForeignKeys();
    throw error;
  }
  const inserts = new Map<SeedTable, Inserts>();
  const stored = Object.fromEntries(seedTables.map((t) => [t, 0])) as Record<SeedTable, number>;
  return {
    async insert(rows) {
      let statements = inserts.get(rows.table);
      if (statements === undefined) inserts.set(rows.table, (statements = prepareInserts(db, rows)));
      stored[rows.table] += insertRows(statements, rows);
    },
    async commit(onStep) {
      onStep?.("indexes");
      // The files are read by now, so the reading thread's core is free: SQLite's sorter may use it for the index
      // builds (the 25M views of a million users take two sorts).
      db.pragma(`threads = ${Math.max(0, os.availableParallelism() - 1)}`);
      for (const index of indexes) db.exec(index.sql);
      db.pragma("threads = 0");
      onStep?.("commit");
      db.exec("COMMIT");
      restoreForeignKeys();
      return stored;
    },
    async rollback() {
      if (db.inTransaction) db.exec("ROLLBACK");
      restoreForeignKeys();
    },
  };
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
    async beginReplace() {
      return beginReplace(db);
    },
    async close() {
      db.close();
    },
  };
}
