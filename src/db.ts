import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import { databasePath, databaseUrl } from "./database-url.js";

/**
 * The one place Kindred opens its database. Everything goes through Prisma except the paths where Prisma's object
 * mapping would dominate the cost: the seed's inserts and the ranking's neighbour rows (about 200k rows/s with
 * prepared statements in one transaction, against about 11k rows/s with createMany), the ranking's load of every
 * profile, and the API's hot neighbour read (0.1 ms against 3.2 ms through Prisma).
 */
export function createPrisma(url: string = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

/** A raw better-sqlite3 connection to the same file, for those paths; WAL so readers never wait on a writer. */
export function openSqlite(url: string = databaseUrl()): Database.Database {
  const db = new Database(databasePath(url));
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}
