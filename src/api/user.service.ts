import { parseHandle } from "../domain/handle.js";
import { type Source, sources } from "../profiles/source.js";
import type { Page } from "./connection.type.js";
import type { Context } from "./context.js";
import { decodeCursor, encodeCursor, notACursor } from "./cursor.js";
import { malformedHandle } from "./errors.js";
import { checkPageSize, toPage } from "./paging.js";
import { requireRun } from "./similar-users.service.js";
import type { WeightedTag } from "./source.type.js";
import type { Assessment, CourseView, Interest, User } from "./user.type.js";

/** The user the handle written `text` names, or null when nobody has it; BAD_USER_INPUT when it is not a handle. */
export async function findUser(ctx: Context, text: string): Promise<User | null> {
  const handle = parseHandle(text);
  if (handle === null) throw malformedHandle("handle", text);
  return (await ctx.loaders.userExists.load(handle)) ? { handle } : null;
}

/** Everyone, by ascending handle. */
export async function usersPage(ctx: Context, requested: number | null, after?: string | null): Promise<Page<User>> {
  const first = checkPageSize(requested, ctx.limits.maxPageSize);
  const afterHandle = after ? decodeCursor("user", after) : null;
  const handles = await ctx.users.handlesAfter(afterHandle, first + 1);
  const count = () => ctx.users.userCount();
  return toPage(handles.map((handle) => ({ handle })), first, after != null, (u) => encodeCursor("user", u.handle), count);
}

export function interestsOf(ctx: Context, user: User): Promise<Interest[]> {
  return ctx.loaders.interests.load(user.handle);
}

export function assessmentsOf(ctx: Context, user: User): Promise<Assessment[]> {
  return ctx.loaders.assessments.load(user.handle);
}

/**
 * A user's course views by day, then by row order; one query per page (views are paged per user, not batched).
 * A cursor from another user's views is BAD_USER_INPUT, as any cursor not of this connection is.
 */
export async function courseViewsPage(
  ctx: Context,
  user: User,
  requested: number | null,
  after?: string | null,
): Promise<Page<CourseView>> {
  const first = checkPageSize(requested, ctx.limits.maxPageSize);
  const afterId = after ? decodeCursor("view", after) : null;
  const views = await ctx.users.courseViews(user.handle, afterId, first + 1);
  if (views === null) throw notACursor(after!);
  const count = () => ctx.users.courseViewCount(user.handle);
  return toPage(views, first, after != null, (v) => encodeCursor("view", v.id), count);
}

/** The weighted tag set the served run's engine used for the user, per source in `sources` order, heaviest first. */
export async function weightedTagsOf(ctx: Context, user: User, source?: Source | null): Promise<WeightedTag[]> {
  requireRun(ctx);
  const profile = await ctx.loaders.profiles!.load(user.handle);
  return (source ? [source] : sources).flatMap((s) => profile[s].map(({ tag, weight }) => ({ source: s, tag, weight })));
}
