import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { databaseDialect, databaseTarget, databaseUrl } from "./src/database-url.js";
import { postgresConfig, requirePostgres } from "./src/postgres.js";

// Prisma 6.19.3 with engine "js": the migration engine is wasm and talks to the database through a driver adapter
// (better-sqlite3 for SQLite, adapter-pg for PostgreSQL), so nothing is downloaded (Prisma 7's and the classic
// engine's schema-engine binaries cannot be fetched here). DATABASE_URL=postgresql://… (or postgres://) selects
// PostgreSQL's schema file, migrations and adapter; a file: URL or none keeps SQLite.
// Known quirks, each handled at its own place:
// - `prisma migrate reset` is broken with the js engine: `npm run db:reset` removes the file and deploys instead.
// - `migrate dev` fails with P1014 on a database that has never been deployed: `npm run db:migrate` deploys first.
// - schema.prisma keeps `url` in its datasource block, or `prisma generate` tries to download an engine.
// - PostgreSQL: the wrapper below (catalog types as text, the shadow database's pool and its drop).
const seed = "tsx src/seed.ts";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  ...(databaseDialect() === "postgresql"
    ? {
        schema: "prisma/postgresql/schema.prisma",
        migrations: { path: "prisma/postgresql/migrations", seed },
        adapter: async () => {
          const { url } = databaseTarget();
          // One line naming host, port, database and the redacted URL, before the engine's own attempt (which names
          // host and port only, over three lines).
          await requirePostgres(url);
          return withPostgresMigrationFixes(postgresConfig(url));
        },
      }
    : {
        schema: "prisma/schema.prisma",
        migrations: { path: "prisma/migrations", seed },
        adapter: async () => withScriptsOnShadow(new PrismaBetterSQLite3({ url: databaseUrl() })),
      }),
});

// Symptom: `migrate dev` fails with P3006 on the shadow database. Cause: the wasm schema engine replays each whole
// multi-statement migration.sql through executeRaw, and better-sqlite3's prepare() takes one statement only.
// Fix: on the shadow connection, a parameterless executeRaw runs as a script (better-sqlite3 exec). Remove when
// Prisma's adapter does this itself (it does not in 6.19.3).
function withScriptsOnShadow(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return Object.assign(Object.create(factory) as SqlMigrationAwareDriverAdapterFactory, {
    connect: () => factory.connect(),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const shadow = await factory.connectToShadowDb();
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = async (query) => {
        if (query.args.length > 0) return executeRaw(query);
        await shadow.executeScript(query.sql);
        return 0;
      };
      return shadow;
    },
  });
}

// Symptom: every migrate command fails with "Column type 'name' could not be deserialized from the database" (and
// `migrate dev` then with "'char'"). Cause: the schema engine's introspection reads PostgreSQL's catalogs, whose
// columns have types adapter-pg 6.19.3 does not map (prisma/orm issue 27403). pg has no parser for these types and
// returns their values as the strings PostgreSQL sent, so reporting them as text is exact. Fix: a pg Client that
// relabels those columns as text before adapter-pg reads the labels. Remove when adapter-pg maps them (issue 27403
// closed; not in 6.19.3).
const catalogTypes = new Set([
  // The two the engine reads in deploy and migrate dev here:
  18, // "char" (pg_constraint.contype)
  19, // name (every catalog's object names)
  // Catalog types of the same kind, so another introspection query does not fail the same way:
  22, // int2vector
  24, // regproc
  30, // oidvector
  194, // pg_node_tree
  2205, // regclass
  2206, // regtype
]);
const textType = pg.types.builtins.TEXT;

function relabelCatalogColumns<R>(result: R): R {
  for (const field of (result as Partial<pg.QueryResult>)?.fields ?? []) {
    if (catalogTypes.has(field.dataTypeID)) field.dataTypeID = textType;
  }
  return result;
}

class CatalogAsTextClient extends pg.Client {
  // pg's query() has a dozen overloads (promise, callback, submittable); this passes each through unchanged and
  // relabels whatever result comes back. pg-pool calls it with a callback, adapter-pg's transactions without.
  override query(...args: unknown[]): never {
    const query = super.query as (...a: unknown[]) => unknown;
    const last = args.at(-1);
    if (typeof last === "function") {
      const callback = (error: unknown, result: unknown) => last(error, relabelCatalogColumns(result));
      return query.call(this, ...args.slice(0, -1), callback) as never;
    }
    const result = query.call(this, ...args);
    return (result instanceof Promise ? result.then(relabelCatalogColumns) : result) as never;
  }
}

// Symptom: a migration fails with 'syntax error at or near "…"', the word being one of a comment's. Cause: adapter-pg
// 6.19.3's executeScript splits a migration's script at every `;`, inside comments and string literals too, and runs
// the pieces one by one. Fix: a rule, not code: prisma/postgresql/migrations keep `;` out of comments and strings,
// and test/postgres/migrations.test.ts checks it. Remove when adapter-pg sends the script whole.

// Symptom: `migrate dev` fails with 'database "prisma_migrate_shadow_db_…" is being accessed by other users', and
// leaves that database behind. Cause: adapter-pg's connectToShadowDb() disposes of the shadow database by dropping
// it first and closing the shadow pool second, so the pool's idle connection still holds it. Its shadow pool is `{ ...config, database }`, which connects to the
// shadow only if the config has discrete fields: a `connectionString` overrides `database`, and the shadow
// migrations then ran against the main database. Fix: discrete fields (postgresConfig), and a shadow database this
// wrapper creates and drops itself, closing the shadow pool before the drop. Remove when adapter-pg closes its pool
// first (it does not in 6.19.3).
function withPostgresMigrationFixes(config: pg.PoolConfig): SqlMigrationAwareDriverAdapterFactory {
  const withCatalogFix: pg.PoolConfig = { ...config, Client: CatalogAsTextClient };
  const factory = new PrismaPg(withCatalogFix);
  return Object.assign(Object.create(factory) as SqlMigrationAwareDriverAdapterFactory, {
    connect: () => factory.connect(),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const main = await factory.connect();
      const database = `prisma_migrate_shadow_db_${randomUUID()}`;
      await main.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg({ ...withCatalogFix, database }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await dispose();
          await main.executeScript(`DROP DATABASE "${database}"`);
        } finally {
          await main.dispose();
        }
      };
      return shadow;
    },
  });
}
