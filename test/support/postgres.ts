import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../../src/database-url.js";
import { postgresConfig, requirePostgres } from "../../src/postgres.js";

/**
 * The server the PostgreSQL tests create their databases on, through its maintenance database. Never skipped: if it
 * is unreachable, createTestPostgres throws requirePostgres's line naming host, port and database, and the test
 * file fails with it.
 */
export const testPostgresServer = process.env.TEST_POSTGRES_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestPostgres {
  /** `postgresql://` URL of the new database, for DATABASE_URL or postgresConfig. */
  url: string;
  name: string;
  /** Drops the database, closing any connection a failed test left open. */
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(postgresConfig(testPostgresServer));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database `kindred_test_<random>` on testPostgresServer, empty or a copy of `template`: create in beforeAll,
 *  drop in afterAll. */
export async function createTestPostgres(template?: string): Promise<TestPostgres> {
  await requirePostgres(testPostgresServer);
  const name = `kindred_test_${randomBytes(6).toString("hex")}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  const url = new URL(testPostgresServer);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs the project's prisma CLI with DATABASE_URL set to `url`, as a user would; returns its exit code and output. */
export function prismaCli(args: string[], url: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(path.join(projectRoot, "node_modules", ".bin", "prisma"), args, {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The migrations' folder names and contents, hashed: a template database is named after the history it holds. */
function migrationsHash(): string {
  const dir = path.join(projectRoot, "prisma", "postgresql", "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name, "migration.sql");
    hash.update(name);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * A database `kindred_template_<hash of the migrations>` on testPostgresServer, migrated by the real
 * `prisma migrate deploy` the first time any test asks for it, and kept: a deploy takes seconds to a minute, a copy
 * of the template (CREATE DATABASE … TEMPLATE) a fraction of a second. Test files running in parallel build it once,
 * under an advisory lock; a build that died half-way left only its `_building` copy, which the next build drops.
 */
async function migratedTemplate(): Promise<string> {
  const name = `kindred_template_${migrationsHash()}`;
  await onServer(async (client) => {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount) return;
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      const url = new URL(testPostgresServer);
      url.pathname = `/${building}`;
      const deploy = prismaCli(["migrate", "deploy"], url.toString());
      if (deploy.status !== 0) throw new Error(`prisma migrate deploy of the test template failed:\n${deploy.stdout}${deploy.stderr}`);
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
  return name;
}

/** A new database with every migration of prisma/postgresql/migrations applied (a copy of the migrated template). */
export async function createMigratedTestPostgres(): Promise<TestPostgres> {
  return createTestPostgres(await migratedTemplate());
}
