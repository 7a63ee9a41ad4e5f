import type { DatabaseDialect } from "../database-url.js";
import { redactUrl } from "../database-url.js";
import type { Listener } from "../postgres-listener.js";
import { type Route, sendJson } from "./http.js";
import { ageSeconds } from "./ranking-run.service.js";
import type { ServedRunCache } from "./served-run-cache.js";
import type { UserStore } from "./user-store.js";

/** What tells this API process apart from the other replicas on its database, and how it learns of new runs. */
export interface Replica {
  /** $REPLICA_NAME, else `hostname:pid`. */
  name: string;
  dialect: DatabaseDialect;
  /** The database's URL; shown redacted. */
  url: string;
  /** The run-completed listener (PostgreSQL); null on SQLite, where only polling applies. */
  runListener: Pick<Listener, "connected"> | null;
}

/**
 * `GET /healthz`: 200 when the database answers and a complete run is served, else 503, with
 * `{ status: "ok" | "not_ready" | "unavailable", message?, replica, database: boolean, dialect, databaseUrl,
 * runListener: "connected" | "reconnecting" | null, resultsTable, run: { id, name, finishedAt, ageSeconds } | null }`,
 * `message` saying what to do when the status is not ok. `replica` names this process (several may serve one
 * PostgreSQL database behind a load balancer); `databaseUrl` has its password as `***`; `runListener` is null on
 * SQLite. A listener that is reconnecting does not change the status: polling still picks up new runs.
 * The run comes from the same cache the API reads, so this says what clients of this replica are being served.
 */
const messages = {
  unavailable: "the database does not answer: check DATABASE_URL / DATABASE_ENV and that migrations were deployed",
  not_ready: "no complete ranking run yet: run `npm run rank`",
};

export function healthRoute(users: UserStore, servedRuns: ServedRunCache, replica: Replica): Route {
  const databaseUrl = redactUrl(replica.url);
  return {
    method: "GET",
    path: "/healthz",
    async handle({ res }) {
      let database = true;
      let run = null;
      try {
        await users.ping();
        run = await servedRuns.current();
      } catch {
        database = false;
      }
      const status = !database ? "unavailable" : run ? "ok" : "not_ready";
      sendJson(res, status === "ok" ? 200 : 503, {
        status,
        ...(status === "ok" ? {} : { message: messages[status] }),
        replica: replica.name,
        database,
        dialect: replica.dialect,
        databaseUrl,
        runListener: replica.runListener && (replica.runListener.connected ? "connected" : "reconnecting"),
        resultsTable: servedRuns.name,
        run: run && { id: run.id, name: run.name, finishedAt: run.finishedAt.toISOString(), ageSeconds: ageSeconds(run.finishedAt) },
      });
    },
  };
}
