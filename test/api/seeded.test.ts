import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startServer } from "../../src/api/start-server.js";
import { createPrisma } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";
import { getJson, graphql } from "./client.js";
import { rank } from "./fixture.js";

// End to end with the real commands' code: fixtures/seed/ (the same users as fixture.ts, as the platform's four CSV
// files) imported by seedDatabase, ranked by runRanking, served over HTTP.

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  database = freshDatabase();
  await seedDatabase({ dir: path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/seed"), url: database.url });
  await rank(database.url);
  server = await startServer({ port: 0, host: "127.0.0.1", url: database.url, log: { error() {} } });
});
afterAll(async () => {
  await server.close();
  database.remove();
});

test("a seeded and ranked database serves user 1's five neighbours as stored, through GraphQL and REST alike", async () => {
  const prisma = createPrisma(database.url);
  const stored = await prisma.neighbour.findMany({ where: { userHandle: 1 }, orderBy: { rank: "asc" } });
  await prisma.$disconnect();
  expect(stored.map((r) => r.neighbourHandle).sort((a, b) => a - b)).toEqual([2, 5, 7, 9, 10]);
  expect(stored[0].neighbourHandle).toBe(2);

  const { data, errors } = await graphql(server.url, `{ similarUsers(handle: "1") { rank score user { handle } } }`);
  expect(errors).toBeUndefined();
  expect(data!.similarUsers).toEqual(stored.map((r) => ({ rank: r.rank, score: r.score, user: { handle: String(r.neighbourHandle) } })));

  const rest = await getJson(`${server.url}/api/v1/users/1/similar`);
  expect(rest.body.similar.map((s: { handle: number; score: number }) => [s.handle, s.score])).toEqual(
    stored.map((r) => [r.neighbourHandle, r.score]),
  );
});

test("a seeded user's profile reads back what the CSV files said", async () => {
  const { data } = await graphql(
    server.url,
    `{ user(handle: "3") { interests { tag followedAt } assessments { tag score }
         courseViews { edges { node { viewedOn courseId author courseAuthors level seconds } } } } }`,
  );
  expect(data!.user).toEqual({
    interests: [
      { tag: "python", followedAt: "2017-07-02T11:00:00.000Z" },
      { tag: "data", followedAt: "2017-07-02T11:00:00.000Z" },
    ],
    assessments: [{ tag: "python", score: 200 }],
    courseViews: {
      edges: [
        { node: { viewedOn: "2017-07-02", courseId: "py-data", author: 901, courseAuthors: [901], level: "Intermediate", seconds: 3000 } },
        // ml-intro's other author, 903, comes from user 4's view in the CSV.
        { node: { viewedOn: "2017-07-03", courseId: "ml-intro", author: 901, courseAuthors: [901, 903], level: "Advanced", seconds: 600 } },
      ],
    },
  });
});
