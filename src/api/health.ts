import type { PrismaClient } from "@prisma/client";
import { type Route, sendJson } from "./http.js";
import { ageSeconds } from "./ranking-run.service.js";
import type { ServedRunCache } from "./served-run-cache.js";

/**
 * `GET /healthz`: 200 when the database answers and a complete run is served, else 503, with
 * `{ status: "ok" | "not_ready" | "unavailable", database: boolean, run: { id, name, finishedAt, ageSeconds } | null }`.
 * The run comes from the same cache the API reads, so this says what clients are being served.
 */
export function healthRoute(prisma: PrismaClient, servedRuns: ServedRunCache): Route {
  return {
    method: "GET",
    path: "/healthz",
    async handle({ res }) {
      let database = true;
      let run = null;
      try {
        await prisma.$queryRaw`SELECT 1`;
        run = await servedRuns.current();
      } catch {
        database = false;
      }
      const status = !database ? "unavailable" : run ? "ok" : "not_ready";
      sendJson(res, status === "ok" ? 200 : 503, {
        status,
        database,
        resultsTable: servedRuns.name,
        run: run && { id: run.id, name: run.name, finishedAt: run.finishedAt.toISOString(), ageSeconds: ageSeconds(run.finishedAt) },
      });
    },
  };
}
