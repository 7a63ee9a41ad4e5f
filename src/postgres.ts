import pg from "pg";
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
