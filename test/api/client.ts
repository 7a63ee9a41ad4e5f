import { type RunningServer, type ServerOptions, startServer } from "../../src/api/start-server.js";
import type { DatabaseDialect } from "../../src/database-url.js";
import { fixtureDatabaseOn } from "./fixture.js";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
}

/** POSTs an operation to `${url}/graphql` the way a client would, and returns the status and parsed body. */
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

export interface TestServer extends RunningServer {
  database: { url: string };
  /** Closes the server and removes the database. */
  stop(): Promise<void>;
}

/** The fixture database (ranked or not; SQLite unless `dialect` says) behind a real server on an ephemeral port of
 *  127.0.0.1. */
export async function fixtureServer(
  { ranked, dialect = "sqlite" }: { ranked: boolean; dialect?: DatabaseDialect },
  options: Omit<ServerOptions, "url"> = {},
): Promise<TestServer> {
  const database = await fixtureDatabaseOn(dialect, { ranked });
  const server = await startServer({ port: 0, host: "127.0.0.1", url: database.url, log: silent, ...options });
  return {
    ...server,
    database,
    async stop() {
      await server.close();
      await database.remove();
    },
  };
}

/** A log that keeps what it was given, so a test can assert on it and the output stays clean. */
export function memoryLog(): { error(...args: unknown[]): void; entries: unknown[] } {
  const entries: unknown[] = [];
  return { entries, error: (...args) => void entries.push(...args) };
}

const silent = { error() {} };
