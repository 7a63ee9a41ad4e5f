import { type Source, sources } from "../profiles/source.js";
import { neighboursOf, type Neighbours, requireServedRun } from "../rankings/neighbours-of.js";
import type { NeighbourRow, ServedRun } from "../rankings/ranking-store.js";
import type { Context } from "./context.js";
import { fromUseCase } from "./errors.js";
import { sharedTags } from "./shared-tags.js";
import type { SharedTags, SimilarUser } from "./similar-user.type.js";

/** The served run, or RANKING_NOT_READY (telling the caller to run `npm run rank`). */
export function requireRun(ctx: Context): ServedRun {
  try {
    return requireServedRun(ctx.run, ctx.resultsTable);
  } catch (error) {
    throw fromUseCase(error);
  }
}

/**
 * The `limit` nearest neighbours of the handle written `handle` in the request's run, through the request's loaders.
 * Errors: BAD_USER_INPUT for a malformed handle or a limit outside 1..K (the run's stored top K), RANKING_NOT_READY
 * without a complete run, NOT_FOUND for an unknown user.
 */
export function neighbours(ctx: Context, handle: string, limit: number): Promise<Neighbours> {
  const { loaders } = ctx;
  return neighboursOf(
    {
      neighbours: (runId, h, l) => loaders.neighbours.load({ runId, handle: h, limit: l }),
      userExists: (h) => loaders.userExists.load(h),
    },
    { handle, limit, run: ctx.run, name: ctx.resultsTable },
  ).catch((error: unknown) => {
    throw fromUseCase(error);
  });
}

export async function similarUsers(ctx: Context, handle: string, limit: number): Promise<SimilarUser[]> {
  return (await neighbours(ctx, handle, limit)).neighbours.map(toSimilarUser);
}

function toSimilarUser(row: NeighbourRow): SimilarUser {
  return {
    of: row.userHandle,
    user: { handle: row.neighbourHandle },
    rank: row.rank,
    score: row.score,
    sources: { interests: row.interests, courses: row.courses, assessments: row.assessments },
  };
}

/** Per source (or only `source`), the tags the pair shares with both weights, as the served run weighted them. */
export async function sharedTagsOf(ctx: Context, pair: SimilarUser, source?: Source | null): Promise<SharedTags[]> {
  requireRun(ctx);
  const [user, neighbour] = await ctx.loaders.profiles!.loadMany([pair.of, pair.user.handle]);
  if (user instanceof Error) throw user;
  if (neighbour instanceof Error) throw neighbour;
  return (source ? [source] : sources).map((s) => ({ source: s, tags: sharedTags(user[s], neighbour[s]) }));
}
