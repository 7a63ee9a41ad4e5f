import { GraphQLError } from "graphql";
import type { Context } from "./context.js";
import { parseHandle } from "../domain/handle.js";
import { badUserInput, ErrorCode, malformedHandle } from "./errors.js";
import { type Route, type RouteRequest, sendJson } from "./http.js";
import { neighbours } from "./similar-users.service.js";

/** HTTP status of each error code the REST route can meet; anything else is a 500. */
const statusOf: Record<string, number> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.RankingNotReady]: 503,
};

/**
 * `GET /api/v1/users/:handle/similar?limit=5`, shaped like the original system's endpoint:
 * `{ handle, run: { id, name, finishedAt }, similar: [{ handle, rank, score, sources }] }`. Errors are JSON
 * `{ error: { code, message, argumentName? } }` with 400, 404 or 503, the same codes GraphQL uses.
 */
export function similarUsersRoute(context: () => Promise<Context>, log: Pick<Console, "error">): Route {
  return {
    method: "GET",
    path: "/api/v1/users/:handle/similar",
    async handle({ res, url, params }: RouteRequest) {
      try {
        const ctx = await context();
        // A bad handle is reported before a bad limit, as the use case checks them.
        if (parseHandle(params.handle) === null) throw malformedHandle("handle", params.handle);
        const { handle, run, neighbours: rows } = await neighbours(ctx, params.handle, parseLimit(url.searchParams.get("limit")));
        sendJson(res, 200, {
          handle,
          run: { id: run.id, name: run.name, finishedAt: run.finishedAt.toISOString() },
          similar: rows.map((n) => ({
            handle: n.neighbourHandle,
            rank: n.rank,
            score: n.score,
            sources: { interests: n.interests, courses: n.courses, assessments: n.assessments },
          })),
        });
      } catch (error) {
        const code = error instanceof GraphQLError ? String(error.extensions.code) : undefined;
        if (!(error instanceof GraphQLError) || !code || !(code in statusOf)) throw error;
        const { argumentName } = error.extensions;
        sendJson(res, statusOf[code], { error: { code, message: error.message, ...(argumentName ? { argumentName } : {}) } });
      }
    },
  };
}

/** The `limit` query parameter: absent means 5, as in GraphQL; any integer is one, the range check against K is the
 *  use case's (so 9999999999 is out of range, in GraphQL's words). */
function parseLimit(text: string | null): number {
  if (text === null) return 5;
  if (!/^-?[0-9]+$/.test(text)) throw badUserInput("limit", `limit must be an integer, got "${text}"`);
  return Number(text);
}
