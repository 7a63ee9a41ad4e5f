import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import type pg from "pg";
import { PostgresUserStore } from "./api/postgres-user-store.js";
import { SqliteUserStore, type UserStore } from "./api/user-store.js";
import { databasePath, type DatabaseTarget, databaseTarget, databaseUrl, projectRoot, redactUrl } from "./database-url.js";
import { UserError } from "./domain/user-error.js";
import { openPostgresPool } from "./postgres.js";
import { postgresRunner, sqliteRunner, type SqlRunner } from "./profiles/source-rows.js";
import { PostgresRankingStore } from "./rankings/postgres-ranking-store.js";
import { SqliteEventStore } from "./events/event-store.js";
import type { LiveStores } from "./rankings/live-ranking.js";
import { type RankingStore, SqliteRankingStore } from "./rankings/ranking-store.js";

/**
 * Where Kindred opens its database. Prisma owns the schema (its migrations create and change every table); the
 * rooms read and write through their stores, each holding its own SQL. A PrismaClient is for the tests' fixtures.
 */
export function createPrisma(url: string = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

/** A better-sqlite3 connection to the file, created when missing; WAL so readers never wait on a writer. */
export function openSqlite(url: string = databaseUrl()): Database.Database {
  return configured(new Database(databasePath(url)));
}

function configured(db: Database.Database): Database.Database {
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/** The migration folders of one schema's history, sorted: prisma/migrations (SQLite) or prisma/postgresql/migrations. */
function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** A UserError naming the database and the first migration not applied, with what to run; null when none. */
function notMigrated(where: string, missing: readonly string[], fix: string): UserError | null {
  if (missing.length === 0) return null;
  const what = missing.length === 1 ? `migration ${missing[0]} is` : `${missing.length} migrations are`;
  return new UserError(`${where}: ${what} not applied: run ${fix}`);
}

/**
 * The database of a command that needs it migrated (rank, similar, export, serve, evaluate). A missing file or a
 * migration not applied is a UserError naming the file and what to run, and nothing is created: a mistyped
 * DATABASE_URL leaves no empty file behind.
 */
export function openDatabase(url: string = databaseUrl()): Database.Database {
  const file = databasePath(url);
  if (!existsSync(file)) {
    throw new UserError(`no database at ${file}: run \`npm start\` to create, seed and rank it, or \`npx prisma migrate deploy\` to create it empty`);
  }
  const db = new Database(file, { fileMustExist: true });
  try {
    const problem = notMigrated(file, missingMigrations(db), "`npx prisma migrate deploy` (or `npm start`)");
    if (problem) throw problem;
    return configured(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The folders of prisma/migrations that Prisma has not recorded as applied to `db`. */
function missingMigrations(db: Database.Database): string[] {
  const tracked = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  const applied = new Set(
    tracked
      ? (db.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).pluck().all() as string[])
      : [],
  );
  return migrationNames(path.join(projectRoot, "prisma", "migrations")).filter((name) => !applied.has(name));
}

/**
 * A pool on the PostgreSQL database of a command that needs it migrated. Unreachable is requirePostgres's one
 * line; a migration of prisma/postgresql/migrations not applied is a UserError naming the (redacted) URL and what
 * to run.
 */
export async function openPostgresDatabase(url: string): Promise<pg.Pool> {
  const pool = await openPostgresPool(url);
  try {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    ).catch((error: { code?: string }) => {
      if (error.code === "42P01") return { rows: [] }; // undefined_table: no migration was ever deployed
      throw error;
    });
    const applied = new Set(rows.map((r) => r.name));
    const missing = migrationNames(path.join(projectRoot, "prisma", "postgresql", "migrations")).filter((name) => !applied.has(name));
    const problem = notMigrated(redactUrl(url), missing, "`DATABASE_URL=… npx prisma migrate deploy`");
    if (problem) throw problem;
    return pool;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Every room's store on one database. */
export interface Stores {
  profiles: SqlRunner;
  rankings: RankingStore;
  users: UserStore;
  /** Where events are stored and absorbed into the served run, on this connection; null on PostgreSQL, which has
   *  no event store yet (live updates are SQLite's for now). */
  live: LiveStores | null;
}

export function sqliteStores(db: Database.Database): Stores {
  const rankings = new SqliteRankingStore(db);
  const profiles = sqliteRunner(db);
  return {
    profiles,
    rankings,
    users: new SqliteUserStore(db),
    live: {
      events: new SqliteEventStore(db),
      profiles,
      rankings,
      transaction: bracketed(db, "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"),
      savepoint: bracketed(db, "SAVEPOINT batch", "RELEASE batch", "ROLLBACK TO batch; RELEASE batch"),
    },
  };
}

/**
 * Async work between `begin` and `end` on one connection, `undo` instead when it throws (the error then rethrown):
 * a write transaction (BEGIN IMMEDIATE takes SQLite's write lock at once, so the reads inside see the data the
 * writes build on; a deferred BEGIN could not upgrade once another process wrote), or a savepoint inside one. Every
 * statement of `work` must go through this connection and nothing else may use it meanwhile: the server gives its
 * live updates a connection of their own (openLiveStores), so its readers keep seeing the last commit.
 */
function bracketed(db: Database.Database, begin: string, end: string, undo: string): LiveStores["transaction"] {
  return async (work) => {
    db.exec(begin);
    try {
      const result = await work();
      db.exec(end);
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec(undo);
      throw error;
    }
  };
}

/** How long a live update waits for another process's write (a full run's commit) before it fails, in ms. */
const liveBusyTimeoutMs = 60_000;

/** The live stores of the migrated SQLite database at `url` on a connection of their own, and how to close it; a
 *  UserError on PostgreSQL, which has no event store yet. */
export function openLiveStores(target: DatabaseTarget): { live: LiveStores; close(): void } {
  if (target.dialect === "postgresql") {
    throw new UserError("live updates (events) need the SQLite database for now: PostgreSQL has no event store yet");
  }
  const db = openDatabase(target.url);
  db.pragma(`busy_timeout = ${liveBusyTimeoutMs}`);
  return { live: sqliteStores(db).live!, close: () => db.close() };
}

/** Every room's store on one pg pool. */
export function postgresStores(pool: pg.Pool): Stores {
  return { profiles: postgresRunner(pool), rankings: new PostgresRankingStore(pool), users: new PostgresUserStore(pool), live: null };
}

/** The stores of an opened database, and how to close it. */
export interface OpenStores extends Stores {
  target: DatabaseTarget;
  close(): Promise<void>;
}

/**
 * The one place a command's database is chosen: the stores of the migrated database `target` names (DATABASE_URL:
 * a `file:` URL or none is SQLite, a `postgresql://` URL PostgreSQL). A missing, unreachable or unmigrated database
 * is a UserError of one line.
 */
export async function openStores(target: DatabaseTarget = databaseTarget()): Promise<OpenStores> {
  if (target.dialect === "postgresql") {
    const pool = await openPostgresDatabase(target.url);
    return { ...postgresStores(pool), target, close: () => pool.end() };
  }
  const db = openDatabase(target.url);
  return { ...sqliteStores(db), target, close: async () => {
      db.close();
    } };
}
