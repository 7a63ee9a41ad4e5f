import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { parseIntoClientConfig } from "pg-connection-string";
import { UserError } from "./domain/user-error.js";
import { redactUrl } from "./database-url.js";

/**
 * pg's settings for a `postgresql://` URL as discrete fields (host, port, user, password, database, ssl, …), parsed
 * as pg itself parses a connectionString. Discrete, so that `{ ...config, database }` reaches another database on
 * the same server: a `connectionString` would override that `database`.
 */
export function postgresConfig(url: string): pg.ClientConfig {
  return parseIntoClientConfig(url);
}

/** How long requirePostgres waits for a server that neither answers nor refuses (a firewalled host). */
const connectTimeoutMs = 5_000;

/**
 * Connects once to the database `url` names and disconnects; a server that is down, unknown, refuses the user or
 * lacks the database is a UserError naming what was tried:
 * `cannot connect to PostgreSQL at 127.0.0.1:5433, database "kindred" (postgresql://kindred:***@127.0.0.1:5433/kindred): connect ECONNREFUSED 127.0.0.1:5433`.
 */
export async function requirePostgres(url: string): Promise<void> {
  const client = new pg.Client({ ...postgresConfig(url), connectionTimeoutMillis: connectTimeoutMs });
  try {
    await client.connect();
  } catch (error) {
    // The client knows what it tried: the URL's fields, else PGHOST/PGPORT/PGDATABASE, else pg's defaults.
    const where = client.host.startsWith("/") ? `${client.host}/.s.PGSQL.${client.port}` : `${client.host}:${client.port}`;
    throw new UserError(
      `cannot connect to PostgreSQL at ${where}, database "${client.database}" (${redactUrl(url)}): ${reason(error)}`,
    );
  }
  await client.end();
}

/**
 * The driver's own words: "connect ECONNREFUSED 127.0.0.1:5433", 'database "x" does not exist'. Node reports a host
 * with several addresses (::1 and 127.0.0.1) that all refuse as an AggregateError with no message, but its code.
 */
function reason(error: unknown): string {
  const { message, code } = error as { message?: string; code?: string };
  return message || code || String(error);
}

/**
 * How many connections a pool on `url` opens at most: the URL's `connection_limit` parameter (Prisma's name for the
 * same setting, so one URL means the same to both), else `fallback`. Anything but a positive integer is a UserError.
 */
export function poolSize(url: string, fallback: number): number {
  // pg-connection-string keeps a parameter it does not know as a string field, parsing the URL as pg itself does.
  const asked = (postgresConfig(url) as { connection_limit?: string }).connection_limit;
  if (asked === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(asked)) throw new UserError(`connection_limit "${asked}" in ${redactUrl(url)} is not a positive integer (the pool size)`);
  return Number(asked);
}

/**
 * A pool on the database `url` names, after requirePostgres has reached it (so a bad URL is its one line, not a
 * pool error later), of poolSize(url, max) connections. An idle client losing its connection (the server
 * restarted) is logged, not a crash: the pool replaces it on the next query.
 */
export async function openPostgresPool(url: string, max = 4): Promise<pg.Pool> {
  const size = poolSize(url, max);
  await requirePostgres(url);
  const pool = new pg.Pool({ ...postgresConfig(url), max: size, connectionTimeoutMillis: connectTimeoutMs });
  pool.on("error", (error) => process.stderr.write(`! PostgreSQL (${redactUrl(url)}): ${error.message}\n`));
  return pool;
}

/** Runs `work` inside BEGIN … COMMIT on one client of the pool; ROLLBACK when it throws (node-postgres, "Transactions"). */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** One value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => copyEscapes[c]) : text;
}
const copyEscapes: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * Streams `chunks` (COPY text-format lines) into `COPY … FROM STDIN` on `client`, respecting back-pressure
 * (brianc/node-pg-copy-streams); rejects with the server's error when a row is refused.
 */
export async function copyIn(client: pg.PoolClient, copySql: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), client.query(copyFrom(copySql)));
}
