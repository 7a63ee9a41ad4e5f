import type { Prisma, PrismaClient } from "@prisma/client";
import { type DatabaseDialect, targetOfUrl } from "../../src/database-url.js";
import { openStores } from "../../src/db.js";
import { runRanking } from "../../src/rankings/run-ranking.js";
import { freshDatabase, type TestDatabase } from "./database.js";
import { type DialectDatabase, freshDialectDatabase, prismaFor } from "./stores.js";

/** A fixture's rows, table by table, as Prisma's createMany takes them. */
export interface Activity {
  users: Prisma.UserCreateManyInput[];
  courses: Prisma.CourseCreateManyInput[];
  courseAuthors: Prisma.CourseAuthorCreateManyInput[];
  courseTags: Prisma.CourseTagCreateManyInput[];
  interests: Prisma.InterestCreateManyInput[];
  courseViews: Prisma.CourseViewCreateManyInput[];
  assessmentScores: Prisma.AssessmentScoreCreateManyInput[];
}

/** K of the fixtures' runs: small, so `limit` 6 is already out of range. */
export const top = 5;

/** Ranks the database with the real engine (one worker, no idf, every source weighing 1) under `name`, keeping
 *  K = `k` neighbours per user; the new run's id. */
export async function rank(url: string, name = "user_ranking", k = top): Promise<number> {
  const stores = await openStores(targetOfUrl(url));
  try {
    const summary = await runRanking(stores, {
      name,
      keep: 10,
      top: k,
      weights: { interests: 1, courses: 1, assessments: 1 },
      idf: false,
      workers: 1,
    });
    return summary.runId;
  } finally {
    await stores.close();
  }
}

/** A fresh database holding `activity` and, when `ranked`, one complete run of it (rank's defaults). */
export async function activityDatabase(activity: Activity, { ranked }: { ranked: boolean }): Promise<TestDatabase> {
  const database = freshDatabase();
  await fill(database.url, prismaFor({ dialect: "sqlite", url: database.url }), activity, ranked);
  return database;
}

/** activityDatabase on either database. */
export async function activityDatabaseOn(dialect: DatabaseDialect, activity: Activity, { ranked }: { ranked: boolean }): Promise<DialectDatabase> {
  const database = await freshDialectDatabase(dialect);
  await fill(database.url, prismaFor(database), activity, ranked);
  return database;
}

async function fill(url: string, prisma: PrismaClient, activity: Activity, ranked: boolean): Promise<void> {
  try {
    await prisma.user.createMany({ data: activity.users });
    await prisma.course.createMany({ data: activity.courses });
    await prisma.courseAuthor.createMany({ data: activity.courseAuthors });
    await prisma.courseTag.createMany({ data: activity.courseTags });
    await prisma.interest.createMany({ data: activity.interests });
    await prisma.courseView.createMany({ data: activity.courseViews });
    await prisma.assessmentScore.createMany({ data: activity.assessmentScores });
  } finally {
    await prisma.$disconnect();
  }
  if (ranked) await rank(url);
}
