import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrisma } from "../../src/db.js";
import { fixtureServer, graphql, type TestServer } from "./client.js";

let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true });
});
afterAll(() => server.stop());

/** The served run's rows for a user, straight from the table. */
async function storedNeighbours(handle: number) {
  const prisma = createPrisma(server.database.url);
  try {
    const run = await prisma.rankingRun.findFirstOrThrow({ where: { status: "complete" }, orderBy: { id: "desc" } });
    return await prisma.neighbour.findMany({ where: { runId: run.id, userHandle: handle }, orderBy: { rank: "asc" } });
  } finally {
    await prisma.$disconnect();
  }
}

describe("similarUsers", () => {
  test("returns user 1's five neighbours exactly as the stored run ranks them", async () => {
    const { status, data, errors } = await graphql(
      server.url,
      `{ similarUsers(handle: "1", limit: 5) { rank score sources { interests courses assessments } user { handle } } }`,
    );
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    const stored = await storedNeighbours(1);
    expect(stored.map((r) => r.neighbourHandle).sort((a, b) => a - b)).toEqual([2, 5, 7, 9, 10]);
    expect(data!.similarUsers).toEqual(
      stored.map((r) => ({
        rank: r.rank,
        score: r.score,
        sources: { interests: r.interests, courses: r.courses, assessments: r.assessments },
        user: { handle: String(r.neighbourHandle) },
      })),
    );
  });

  test("ranks user 2, who shares tags in all three sources, first for user 1", async () => {
    const { data } = await graphql(server.url, `{ similarUsers(handle: "1", limit: 1) { rank user { handle } } }`);
    expect(data!.similarUsers).toEqual([{ rank: 1, user: { handle: "2" } }]);
  });

  test("gives five neighbours when limit is left out", async () => {
    const { data } = await graphql(server.url, `{ similarUsers(handle: "1") { rank } }`);
    expect(data!.similarUsers.map((s: { rank: number }) => s.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  test("gives an empty list for a known user without data", async () => {
    const { data, errors } = await graphql(server.url, `{ similarUsers(handle: "8") { rank } }`);
    expect(errors).toBeUndefined();
    expect(data!.similarUsers).toEqual([]);
  });

  test("resolves each neighbour as a full User", async () => {
    const { data } = await graphql(
      server.url,
      `{ similarUsers(handle: "1", limit: 1) { user { handle interests { tag } assessments { tag score } } } }`,
    );
    expect(data!.similarUsers[0].user).toEqual({
      handle: "2",
      interests: [{ tag: "javascript" }, { tag: "web" }],
      assessments: [{ tag: "javascript", score: 120 }],
    });
  });

  test("User.similarUsers gives the same list as the root field", async () => {
    const query = `{ root: similarUsers(handle: "1", limit: 3) { rank score user { handle } }
                     user(handle: "1") { similarUsers(limit: 3) { rank score user { handle } } } }`;
    const { data } = await graphql(server.url, query);
    expect(data!.user.similarUsers).toEqual(data!.root);
  });
});

describe("sharedTags", () => {
  test("lists only tags in both users' weighted sets, with each user's weight from those sets", async () => {
    const { data } = await graphql(
      server.url,
      `{ user(handle: "1") { tags { source tag weight } }
         similarUsers(handle: "1", limit: 5) {
           user { handle tags { source tag weight } }
           sharedTags { source tags { tag userWeight neighbourWeight } } } }`,
    );
    const weightOf = (tags: { source: string; tag: string; weight: number }[]) =>
      new Map(tags.map((t) => [`${t.source}/${t.tag}`, t.weight]));
    const mine = weightOf(data!.user.tags);
    let checked = 0;
    for (const pair of data!.similarUsers) {
      const theirs = weightOf(pair.user.tags);
      for (const group of pair.sharedTags) {
        for (const shared of group.tags) {
          expect(shared.userWeight).toBe(mine.get(`${group.source}/${shared.tag}`));
          expect(shared.neighbourWeight).toBe(theirs.get(`${group.source}/${shared.tag}`));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  test("explains users 1 and 2 in every source, heaviest first", async () => {
    const { data } = await graphql(
      server.url,
      `{ similarUsers(handle: "1", limit: 1) { sharedTags { source tags { tag userWeight neighbourWeight } } } }`,
    );
    // Interests: both follow javascript and web (weight 1). Courses: both watched js-basics only, so javascript and
    // web weigh ln(1 + 900/60) = ln 16 for user 1 and ln(1 + 1200/60) = ln 21 for user 2. Assessments: javascript,
    // 150/100 and 120/100.
    expect(data!.similarUsers[0].sharedTags).toEqual([
      {
        source: "interests",
        tags: [
          { tag: "javascript", userWeight: 1, neighbourWeight: 1 },
          { tag: "web", userWeight: 1, neighbourWeight: 1 },
        ],
      },
      {
        source: "courses",
        tags: [
          { tag: "javascript", userWeight: Math.log(16), neighbourWeight: Math.log(21) },
          { tag: "web", userWeight: Math.log(16), neighbourWeight: Math.log(21) },
        ],
      },
      { source: "assessments", tags: [{ tag: "javascript", userWeight: 1.5, neighbourWeight: 1.2 }] },
    ]);
  });

  test("gives only the source asked for", async () => {
    const { data } = await graphql(
      server.url,
      `{ similarUsers(handle: "1", limit: 1) { sharedTags(source: assessments) { source tags { tag } } } }`,
    );
    expect(data!.similarUsers[0].sharedTags).toEqual([{ source: "assessments", tags: [{ tag: "javascript" }] }]);
  });
});
