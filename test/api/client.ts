import { type RunningServer, type ServerOptions, startServer } from "../../src/api/start-server.js";
import { type DatabaseDialect, targetOfUrl } from "../../src/database-url.js";
import { openLiveStores } from "../../src/db.js";
import type { EventRecorder } from "../../src/events/activity-event.js";
import { LiveRanking } from "../../src/rankings/live-ranking.js";
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
 *  127.0.0.1. With `live`, the server records events through the real recorder (LiveRanking on a connection of its
 *  own), handed to `live` first: a test may wrap it to watch its listeners. */
export async function fixtureServer(
  { ranked, dialect = "sqlite", live }: { ranked: boolean; dialect?: DatabaseDialect; live?: true | ((recorder: EventRecorder) => EventRecorder) },
  options: Omit<ServerOptions, "url"> = {},
): Promise<TestServer> {
  const database = await fixtureDatabaseOn(dialect, { ranked });
  const recorder = live ? liveRecorder(database.url) : null;
  const events = recorder && (live === true ? recorder.recorder : live!(recorder.recorder));
  const server = await startServer({ port: 0, host: "127.0.0.1", url: database.url, log: silent, ...(events ? { events } : {}), ...options });
  return {
    ...server,
    database,
    async stop() {
      await server.close();
      recorder?.close();
      await database.remove();
    },
  };
}

/** The real events recorder over the SQLite database at `url`, for the served run of `name`; close() closes its
 *  connection. */
export function liveRecorder(url: string, name = "user_ranking"): { recorder: LiveRanking; close(): void } {
  const { live, close } = openLiveStores(targetOfUrl(url));
  return { recorder: new LiveRanking(live, name), close };
}

/** A log that keeps what it was given, so a test can assert on it and the output stays clean. */
export function memoryLog(): { error(...args: unknown[]): void; entries: unknown[] } {
  const entries: unknown[] = [];
  return { entries, error: (...args) => void entries.push(...args) };
}

const silent = { error() {} };
