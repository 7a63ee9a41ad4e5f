import type { PrismaClient } from "@prisma/client";
import { createPrisma } from "../../src/db.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

// Four users, worked by hand (default weights, α = 1 each):
// 1 follows a, b; 2 follows a, b; 3 follows a; 4 has only an assessment on x (score 50 → 0.5).
// S(1,2): only interests defined → J = 2/2 = 1.       S(1,3), S(2,3): J = 1/2 = 0.5.
// S(·,4): interests and assessments defined, both J = 0 → S = 0, so 4 is nobody's neighbour and has none.
// Neighbours: 1 → [2 (1), 3 (0.5)]; 2 → [1 (1), 3 (0.5)]; 3 → [1 (0.5), 2 (0.5)] (tie: smaller handle first).
export const tinyNeighbours: Record<number, [number, number][]> = {
  1: [
    [2, 1],
    [3, 0.5],
  ],
  2: [
    [1, 1],
    [3, 0.5],
  ],
  3: [
    [1, 0.5],
    [2, 0.5],
  ],
  4: [],
};

export async function insertTinyFixture(prisma: PrismaClient): Promise<void> {
  const at = new Date("2017-06-01T00:00:00Z");
  await prisma.user.createMany({ data: [1, 2, 3, 4].map((handle) => ({ handle })) });
  await prisma.interest.createMany({
    data: [
      { userHandle: 1, tag: "a", followedAt: at },
      { userHandle: 1, tag: "b", followedAt: at },
      { userHandle: 2, tag: "a", followedAt: at },
      { userHandle: 2, tag: "b", followedAt: at },
      { userHandle: 3, tag: "a", followedAt: at },
    ],
  });
  await prisma.assessmentScore.create({ data: { userHandle: 4, tag: "x", takenAt: at, score: 50 } });
}

/** A fresh migrated SQLite file holding the tiny fixture, for tests that run commands on it. */
export async function tinyFixtureDatabase(): Promise<TestDatabase> {
  const database = freshDatabase();
  const prisma = createPrisma(database.url);
  try {
    await insertTinyFixture(prisma);
  } finally {
    await prisma.$disconnect();
  }
  return database;
}
