import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
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

/** A new, empty database `kindred_test_<random>` on testPostgresServer: create in beforeAll, drop in afterAll. */
export async function createTestPostgres(): Promise<TestPostgres> {
  await requirePostgres(testPostgresServer);
  const name = `kindred_test_${randomBytes(6).toString("hex")}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
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
