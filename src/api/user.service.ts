import { type Source, sources } from "../profiles/source.js";
import type { Page } from "./connection.type.js";
import type { Context } from "./context.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import type { Handle } from "./handle.js";
import { checkPageSize, toPage } from "./paging.js";
import { requireRun } from "./similar-users.service.js";
import type { WeightedTag } from "./source.type.js";
import type { Assessment, CourseView, Interest, User } from "./user.type.js";

export async function findUser(ctx: Context, handle: Handle): Promise<User | null> {
  return (await ctx.loaders.userExists.load(handle)) ? { handle } : null;
}

/** Everyone, by ascending handle. */
export async function usersPage(ctx: Context, requested: number | null, after?: string | null): Promise<Page<User>> {
  const first = checkPageSize(requested, ctx.limits.maxPageSize);
  const afterHandle = after ? decodeCursor("user", after) : undefined;
  const rows = await ctx.prisma.user.findMany({
    where: afterHandle === undefined ? {} : { handle: { gt: afterHandle } },
    orderBy: { handle: "asc" },
    take: first + 1,
    select: { handle: true },
  });
  return toPage(rows, first, after != null, (u) => encodeCursor("user", u.handle), () => ctx.prisma.user.count());
}

export function interestsOf(ctx: Context, user: User): Promise<Interest[]> {
  return ctx.loaders.interests.load(user.handle);
}

export function assessmentsOf(ctx: Context, user: User): Promise<Assessment[]> {
  return ctx.loaders.assessments.load(user.handle);
}

/** A user's course views by day, then by row order; one query per page (views are paged per user, not batched). */
export async function courseViewsPage(
  ctx: Context,
  user: User,
  requested: number | null,
  after?: string | null,
): Promise<Page<CourseView>> {
  const first = checkPageSize(requested, ctx.limits.maxPageSize);
  const afterId = after ? decodeCursor("view", after) : undefined;
  const rows = await ctx.prisma.courseView.findMany({
    where: { userHandle: user.handle },
    orderBy: [{ viewedOn: "asc" }, { id: "asc" }],
    ...(afterId === undefined ? {} : { cursor: { id: afterId }, skip: 1 }),
    take: first + 1,
    select: {
      id: true,
      viewedOn: true,
      courseId: true,
      seconds: true,
      course: { select: { authorHandle: true, level: true, tags: { select: { tag: true }, orderBy: { tag: "asc" } } } },
    },
  });
  const views = rows.map(
    (r): CourseView => ({
      id: r.id,
      viewedOn: r.viewedOn,
      courseId: r.courseId,
      author: r.course.authorHandle,
      level: r.course.level,
      seconds: r.seconds,
      tags: r.course.tags.map((t) => t.tag),
    }),
  );
  const count = () => ctx.prisma.courseView.count({ where: { userHandle: user.handle } });
  return toPage(views, first, after != null, (v) => encodeCursor("view", v.id), count);
}

/** The weighted tag set the served run's engine used for the user, per source in `sources` order, heaviest first. */
export async function weightedTagsOf(ctx: Context, user: User, source?: Source | null): Promise<WeightedTag[]> {
  requireRun(ctx);
  const profile = await ctx.loaders.profiles!.load(user.handle);
  return (source ? [source] : sources).flatMap((s) => profile[s].map(({ tag, weight }) => ({ source: s, tag, weight })));
}
