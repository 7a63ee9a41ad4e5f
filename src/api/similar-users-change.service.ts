import type { ListsChange } from "../events/activity-event.js";
import type { Context } from "./context.js";
import { limitOutOfRange, liveUpdatesUnavailable, malformedHandle } from "./errors.js";
import { changesOf } from "./lists-changes.js";
import { requireRun, similarUsers } from "./similar-users.service.js";
import type { SimilarUsersChange } from "./similar-users-change.type.js";

/**
 * The source stream of similarUsersChanged: the served run's list changes that include `handle`, checked first as
 * similarUsers checks its arguments (BAD_USER_INPUT, RANKING_NOT_READY), LIVE_UPDATES_UNAVAILABLE without a
 * recorder. A handle that is not a user yet is allowed: its first event makes it one, and its list then changes.
 */
export function listChanges(ctx: Context, handle: number, limit: number): AsyncIterable<ListsChange> {
  if (!ctx.events) throw liveUpdatesUnavailable();
  if (!Number.isInteger(handle) || handle < 1) throw malformedHandle("handle", String(handle));
  const { top } = requireRun(ctx).parameters;
  if (limit < 1 || limit > top) throw limitOutOfRange(limit, top);
  return changesOf(ctx.events, handle);
}

/** One change as the client gets it: the handle's first `limit` neighbours read after the commit, as served. */
export async function changedList(ctx: Context, change: ListsChange, handle: number, limit: number): Promise<SimilarUsersChange> {
  return { handle, revision: change.revision, similarUsers: await similarUsers(ctx, String(handle), limit) };
}
