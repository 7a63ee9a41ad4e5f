import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type Database from "better-sqlite3";
import { openStores, sqliteStores, type Stores } from "../db.js";
import { databaseTarget, targetOfUrl } from "../database-url.js";
import type { EventRecorder } from "../events/activity-event.js";
import { listenForCompletedRuns } from "../rankings/run-notifications.js";
import { defaultRunName } from "../rankings/run-parameters.js";
import { createApollo, errorFormatter } from "./apollo.js";
import { contextFactory } from "./context.js";
import { healthRoute } from "./health.js";
import { graphqlRoutes, maxBodyBytes, type Route, router } from "./http.js";
import { type ApiLimits, defaultLimits } from "./limits.js";
import { similarUsersRoute } from "./rest.js";
import { buildKindredSchema } from "./schema.js";
import { ServedRunCache } from "./served-run-cache.js";
import { graphqlOverWebSocket } from "./websocket.js";

export interface ServerOptions {
  /** TCP port; 0 picks a free one (tests). Default 4000. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 in tests is fine; the server listens on all interfaces by default. */
  host?: string;
  /** The database: a `file:` URL (SQLite) or a `postgresql://` URL. Default: DATABASE_URL / DATABASE_ENV (see database-url.ts). */
  url?: string;
  /** An open connection to read through instead of opening `url` (tests that count SQL statements); not closed. */
  sqlite?: Database.Database;
  /** The ranking name served (RESULTS_TABLE). Default user_ranking. */
  resultsTable?: string;
  /** Request limits; any left out take their default (limits.ts). */
  limits?: Partial<ApiLimits>;
  /** How often to look for a newer complete run, in ms. Default 2000. On PostgreSQL a completed run is also announced
   *  and served at once; this polling is then the fallback for while the announcement cannot arrive. */
  servedRunRefreshMs?: number;
  /** This process's name in /healthz, telling replicas apart. Default `hostname:pid`. */
  replicaName?: string;
  /** Mask unexpected errors and send no stack traces. Default: NODE_ENV === "production". */
  production?: boolean;
  /** How long close() waits for in-flight requests before cutting connections, in ms. Default 10000. */
  stopGracePeriodMs?: number;
  /** Routes tried before the API's own (the playground page from src/web). */
  routes?: readonly Route[];
  /** Default console. */
  log?: Pick<Console, "error">;
  /** Where the record* mutations store events and whose change feed similarUsersChanged follows. Without one (on
   *  PostgreSQL for now) both answer LIVE_UPDATES_UNAVAILABLE. */
  events?: EventRecorder;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:4000 (no trailing slash); GraphQL is at `${url}/graphql`. */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * One HTTP server: `POST`/`GET /graphql`, `GET /healthz`, `GET /api/v1/users/:handle/similar`, plus `routes`.
 * The schema is built once here; each request gets a context with the cached served run and fresh loaders. On
 * PostgreSQL one more connection, outside the pool, listens for completed runs and refreshes that cache at once.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? console;
  const opened = options.sqlite ? null : await openStores(options.url === undefined ? databaseTarget() : targetOfUrl(options.url));
  const stores: Stores = opened ?? sqliteStores(options.sqlite!);
  const servedRuns = new ServedRunCache(stores.rankings, options.resultsTable ?? defaultRunName, options.servedRunRefreshMs ?? 2000);
  const runListener =
    opened?.target.dialect === "postgresql"
      ? await listenForCompletedRuns(opened.target.url, servedRuns.name, () => servedRuns.refreshNow(), { log })
      : null;
  const limits: ApiLimits = { ...defaultLimits, ...options.limits };
  const live = options.events ? refreshingServedRun(options.events, servedRuns) : null;
  const events = live?.recorder ?? null;
  const context = contextFactory({ stores, servedRuns, limits, events });

  const httpServer = createServer();
  const schema = await buildKindredSchema();
  const production = options.production ?? process.env.NODE_ENV === "production";
  const formatError = errorFormatter(production, log);
  const webSocket = graphqlOverWebSocket({ httpServer, schema, context, limits, formatError, maxPayload: maxBodyBytes });
  const apollo = createApollo({
    schema,
    httpServer,
    limits,
    production,
    stopGracePeriodMs: options.stopGracePeriodMs ?? 10_000,
    log,
    formatError,
    webSocket,
  });
  await apollo.start();
  const routes = [
    ...(options.routes ?? []),
    ...graphqlRoutes(apollo, context, limits.requestTimeoutMs),
    healthRoute(stores.users, servedRuns, {
      name: options.replicaName ?? `${os.hostname()}:${process.pid}`,
      ...(opened ? opened.target : { dialect: "sqlite", url: `file:${options.sqlite!.name}` }),
      runListener,
    }),
    similarUsersRoute(context, log),
  ];
  httpServer.on("request", router(routes, log));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 4000, options.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = !options.host || options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        await apollo.stop(); // drains httpServer and the WebSocket endpoint first (apollo.ts)
        live?.stop();
        await runListener?.close();
        await opened?.close();
      })()),
  };
}

/**
 * The recorder, with the served-run cache read again after each batch: a request right after a mutation sees the
 * run's new revision, and a subscription's event the run its change was made in, not the cache's copy of up to
 * SERVED_RUN_REFRESH_MS ago. The change feed's refresh is registered first, so it runs before any subscription
 * hears of the change.
 */
function refreshingServedRun(inner: EventRecorder, servedRuns: ServedRunCache): { recorder: EventRecorder; stop(): void } {
  const stop = inner.onChange(() => servedRuns.refreshNow());
  const recorder: EventRecorder = {
    async record(events) {
      const batch = await inner.record(events);
      servedRuns.refreshNow();
      return batch;
    },
    onChange: (listener) => inner.onChange(listener),
  };
  return { recorder, stop };
}
