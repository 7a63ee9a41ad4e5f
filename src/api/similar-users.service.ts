import { type Source, sources } from "../profiles/source.js";
import type { NeighbourRow, ServedRun } from "../rankings/served-run.js";
import type { Context } from "./context.js";
import { badUserInput, rankingNotReady, userNotFound } from "./errors.js";
import type { Handle } from "./handle.js";
import { sharedTags } from "./shared-tags.js";
import type { SharedTags, SimilarUser } from "./similar-user.type.js";

/** The served run, or RANKING_NOT_READY (telling the caller to run `npm run rank`). */
export function requireRun(ctx: Context): ServedRun {
  if (!ctx.run) throw rankingNotReady(ctx.resultsTable);
  return ctx.run;
}

/**
 * The `limit` nearest neighbours of `handle` in the served run, best first. Errors: RANKING_NOT_READY without a
 * complete run, BAD_USER_INPUT when limit is outside 1..K (the run's stored top K), NOT_FOUND for an unknown user.
 * A known user with no neighbours (no data, or nobody similar) gets an empty list.
 */
export async function similarUsers(ctx: Context, handle: Handle, limit: number): Promise<SimilarUser[]> {
  const run = requireRun(ctx);
  const k = run.parameters.top;
  if (!Number.isInteger(limit) || limit < 1 || limit > k) {
    throw badUserInput("limit", `limit must be between 1 and ${k} (the run's top K), got ${limit}`);
  }
  const rows = await ctx.loaders.neighbours!.load({ handle, limit });
  // Only an empty answer needs the existence check: a user with neighbours exists.
  if (rows.length === 0 && !(await ctx.loaders.userExists.load(handle))) {
    throw userNotFound(handle);
  }
  return rows.map(toSimilarUser);
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
