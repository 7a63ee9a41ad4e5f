import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { defineConfig } from "prisma/config";
import { databaseUrl } from "./src/database-url.js";

// Prisma 6.19.3 with engine "js": the migration engine is wasm and talks to SQLite through this adapter, so
// nothing is downloaded (Prisma 7's and the classic engine's schema-engine binaries cannot be fetched here).
// Known quirks, each handled at its own place:
// - `prisma migrate reset` is broken with the js engine: `npm run db:reset` removes the file and deploys instead.
// - `migrate dev` fails with P1014 on a database that has never been deployed: `npm run db:migrate` deploys first.
// - schema.prisma keeps `url` in its datasource block, or `prisma generate` tries to download an engine.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx src/seed.ts",
  },
  adapter: async () => withScriptsOnShadow(new PrismaBetterSQLite3({ url: databaseUrl() })),
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
