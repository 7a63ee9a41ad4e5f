import { type Route, sendJson } from "./http.js";
import { ageSeconds } from "./ranking-run.service.js";
import type { ServedRunCache } from "./served-run-cache.js";
import type { UserStore } from "./user-store.js";

/**
 * `GET /healthz`: 200 when the database answers and a complete run is served, else 503, with
 * `{ status: "ok" | "not_ready" | "unavailable", message?, database: boolean, resultsTable,
 * run: { id, name, finishedAt, ageSeconds } | null }`, `message` saying what to do when the status is not ok.
 * The run comes from the same cache the API reads, so this says what clients are being served.
 */
const messages = {
  unavailable: "the database does not answer: check DATABASE_URL / DATABASE_ENV and that migrations were deployed",
  not_ready: "no complete ranking run yet: run `npm run rank`",
};

export function healthRoute(users: UserStore, servedRuns: ServedRunCache): Route {
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
        database,
        resultsTable: servedRuns.name,
        run: run && { id: run.id, name: run.name, finishedAt: run.finishedAt.toISOString(), ageSeconds: ageSeconds(run.finishedAt) },
      });
    },
  };
}
