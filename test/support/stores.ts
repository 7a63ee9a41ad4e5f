// The same store tests on both databases: a fresh migrated database of either dialect, with a Prisma client for
// fixtures and assertions, and raw SQL for what only a test does (a failing trigger, a snapshot).
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";
// The client generated from prisma/postgresql/schema.prisma (its own output, so @prisma/client stays SQLite's).
import { PrismaClient as PostgresPrismaClient } from "../../node_modules/.prisma/postgresql/index.js";
import type { DatabaseDialect } from "../../src/database-url.js";
import { createPrisma, openSqlite } from "../../src/db.js";
import { postgresConfig } from "../../src/postgres.js";
import { freshDatabase } from "./database.js";
import { createMigratedTestPostgres } from "./postgres.js";

/** Both databases, for `describe.each(dialects)`. Neither is skipped: an unreachable PostgreSQL fails its tests. */
export const dialects: readonly DatabaseDialect[] = ["sqlite", "postgresql"];

export interface DialectDatabase {
  dialect: DatabaseDialect;
  /** A `file:` or `postgresql://` URL, for DATABASE_URL, openStores(targetOfUrl(url)) or seedDatabase. */
  url: string;
  /** Runs one or more statements. */
  exec(sql: string): Promise<void>;
  /** The rows of one SELECT, as objects. */
  select(sql: string): Promise<Record<string, unknown>[]>;
  /** Removes the database (the file, or DROP DATABASE). */
  remove(): Promise<void>;
}

/** A new database of `dialect` with every migration applied. */
export async function freshDialectDatabase(dialect: DatabaseDialect): Promise<DialectDatabase> {
  if (dialect === "sqlite") {
    const database = freshDatabase();
    const withDb = <T>(work: (db: ReturnType<typeof openSqlite>) => T): T => {
      const db = openSqlite(database.url);
      try {
        return work(db);
      } finally {
        db.close();
      }
    };
    return {
      dialect,
      url: database.url,
      exec: async (sql) => withDb((db) => void db.exec(sql)),
      select: async (sql) => withDb((db) => db.prepare(sql).all() as Record<string, unknown>[]),
      remove: async () => database.remove(),
    };
  }
  const database = await createMigratedTestPostgres();
  const withClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client(postgresConfig(database.url));
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    dialect,
    url: database.url,
    exec: (sql) => withClient(async (client) => void (await client.query(sql))),
    select: (sql) => withClient(async (client) => (await client.query(sql)).rows),
    remove: () => database.drop(),
  };
}

/**
 * A Prisma client on `database`. Typed as SQLite's client: the two schemas have the same models, fields and types
 * (test/postgres/schema-parity.test.ts keeps them in step), so fixtures are written once for both.
 */
export function prismaFor(database: Pick<DialectDatabase, "dialect" | "url">): PrismaClient {
  if (database.dialect === "sqlite") return createPrisma(database.url);
  return new PostgresPrismaClient({ adapter: new PrismaPg(postgresConfig(database.url)) }) as unknown as PrismaClient;
}
