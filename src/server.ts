// `npm run serve`: the GraphQL API, /healthz and the REST route on PORT (default 4000).
// Environment: PORT, DATABASE_URL or DATABASE_ENV, RESULTS_TABLE, MAX_QUERY_DEPTH, MAX_PAGE_SIZE, MAX_QUERY_COST,
// MAX_ALIASES, REQUEST_TIMEOUT_MS, MAX_BATCH_EVENTS, SERVED_RUN_REFRESH_MS, REPLICA_NAME, NODE_ENV.
import { startServer } from "./api/start-server.js";
import { limitsFromEnv, positiveInt } from "./api/limits.js";
import { databaseTarget } from "./database-url.js";
import { openLiveStores } from "./db.js";
import { ThreadLiveEngine } from "./rankings/thread-live-engine.js";
import { LiveRanking } from "./rankings/live-ranking.js";
import { runName } from "./rankings/run-parameters.js";
import { webRoutes } from "./web/routes.js";

try {
  const target = databaseTarget();
  const resultsTable = runName(undefined);
  const refreshMs = positiveInt(process.env, "SERVED_RUN_REFRESH_MS", 2000);
  // Live updates write through a connection of their own (SQLite's one writer); on PostgreSQL, which has no event
  // store yet, the record* mutations and the subscription answer LIVE_UPDATES_UNAVAILABLE.
  const live = target.dialect === "sqlite" ? openLiveStores(target) : null;
  // The live engine on a thread of its own: absorbing a batch never holds up the queries this thread answers.
  const events = live ? new LiveRanking(live.live, resultsTable, await ThreadLiveEngine.start()) : undefined;
  const liveError = (error: unknown) => console.error(`! live updates: ${error instanceof Error ? error.message : String(error)}`);
  const server = await startServer({
    port: process.env.PORT?.trim() === "0" ? 0 : positiveInt(process.env, "PORT", 4000),
    url: target.url,
    resultsTable,
    events,
    limits: limitsFromEnv(),
    servedRunRefreshMs: refreshMs,
    replicaName: process.env.REPLICA_NAME?.trim() || undefined,
    routes: await webRoutes(), // the explorer at /, the playground at a browser's GET /graphql (NODE_ENV as startServer)
  });
  // Every profile and the served lists into memory once the server listens, and again after each new full run, in
  // the background: queries are answered while a large database loads, and the first batch of events waits for the
  // load, since the recorder does one thing at a time.
  const warming = performance.now();
  void events
    ?.warm()
    .then(() => console.log(`Live updates ready (profiles and served lists loaded in ${((performance.now() - warming) / 1000).toFixed(1)} s)`))
    .catch(liveError);
  const stopFollowing = events?.follow(refreshMs, liveError);
  console.log(`Kindred explorer    ${server.url}/`);
  console.log(`GraphQL playground  ${server.url}/graphql  (open in a browser)`);
  console.log(`GraphQL endpoint    ${server.url}/graphql  (POST; REST: ${server.url}/api/v1/users/:handle/similar; health: ${server.url}/healthz)`);
  let stopping = false;
  // `on`, not `once`: tsx's preflight adds a hidden signal handler that exits 128+signal when it sees no other
  // listener left, and a `once` listener has removed itself by then (exit 143 instead of a drained exit 0).
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: finishing in-flight requests`);
      server.close().then(
        () => {
          stopFollowing?.();
          void events?.close().finally(() => {
            live?.close();
            process.exit(0);
          });
        },
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  console.error(`! ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
