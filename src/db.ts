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
}

export function sqliteStores(db: Database.Database): Stores {
  return { profiles: sqliteRunner(db), rankings: new SqliteRankingStore(db), users: new SqliteUserStore(db) };
}

/** Every room's store on one pg pool. */
export function postgresStores(pool: pg.Pool): Stores {
  return { profiles: postgresRunner(pool), rankings: new PostgresRankingStore(pool), users: new PostgresUserStore(pool) };
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
