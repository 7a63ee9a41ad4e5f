import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import { SqliteUserStore, type UserStore } from "./api/user-store.js";
import { databasePath, databaseUrl, projectRoot } from "./database-url.js";
import { UserError } from "./domain/user-error.js";
import { sqliteRunner, type SqlRunner } from "./profiles/source-rows.js";
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

const migrationsDir = path.join(projectRoot, "prisma", "migrations");

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
    const missing = missingMigrations(db);
    if (missing.length > 0) {
      const what = missing.length === 1 ? `migration ${missing[0]} is` : `${missing.length} migrations are`;
      throw new UserError(`${file}: ${what} not applied: run \`npx prisma migrate deploy\` (or \`npm start\`)`);
    }
    return configured(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The folders of prisma/migrations that Prisma has not recorded as applied to `db`. */
function missingMigrations(db: Database.Database): string[] {
  const all = readdirSync(migrationsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const tracked = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  const applied = new Set(
    tracked
      ? (db.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).pluck().all() as string[])
      : [],
  );
  return all.filter((name) => !applied.has(name)).sort();
}

/** Every room's store on one SQLite connection. */
export interface Stores {
  profiles: SqlRunner;
  rankings: RankingStore;
  users: UserStore;
}

export function sqliteStores(db: Database.Database): Stores {
  return { profiles: sqliteRunner(db), rankings: new SqliteRankingStore(db), users: new SqliteUserStore(db) };
}
