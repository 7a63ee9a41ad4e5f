import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startServer } from "../../src/api/start-server.js";
import { createPrisma } from "../../src/db.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";
import { graphql } from "./client.js";
import { rank } from "./fixture.js";

// 25 users who all follow "common" plus a tag of their own, and each took one assessment: everyone is everyone's
// neighbour (J = 1/3 in interests), so with K = 20 user 1 has 20 neighbours to resolve.
// The connection the server reads through is opened here with better-sqlite3's `verbose` hook, which SQLite calls
// once per executed statement: the count is of SQL statements, not of API calls.

let database: TestDatabase;
let statements = 0;
let server: Awaited<ReturnType<typeof startServer>>;
let sqlite: Database.Database;

beforeAll(async () => {
  database = freshDatabase();
  const seed = createPrisma(database.url);
  const handles = Array.from({ length: 25 }, (_, i) => i + 1);
  await seed.user.createMany({ data: handles.map((handle) => ({ handle })) });
  await seed.interest.createMany({
    data: handles.flatMap((h) => [
      { userHandle: h, tag: "common", followedAt: new Date("2017-07-01T00:00:00Z") },
      { userHandle: h, tag: `own-${h}`, followedAt: new Date("2017-07-01T00:00:00Z") },
    ]),
  });
  await seed.assessmentScore.createMany({
    data: handles.map((h) => ({ userHandle: h, tag: "sql", takenAt: new Date("2017-07-02T00:00:00Z"), score: 100 + h })),
  });
  await seed.$disconnect();
  await rank(database.url, "user_ranking", 20);

  const verbose = () => void statements++;
  sqlite = new Database(database.path, { verbose });
  server = await startServer({ port: 0, host: "127.0.0.1", sqlite, servedRunRefreshMs: 60_000 });
});

afterAll(async () => {
  await server.close();
  sqlite.close();
  database.remove();
});

async function statementsFor(limit: number): Promise<number> {
  const query = `query ($limit: Int!) {
    similarUsers(handle: "1", limit: $limit) { user { handle interests { tag } assessments { score } } } }`;
  const before = statements;
  const { data, errors } = await graphql(server.url, query, { limit });
  expect(errors).toBeUndefined();
  expect(data!.similarUsers).toHaveLength(limit);
  expect(data!.similarUsers.at(-1).user.interests).toEqual([{ tag: "common" }, { tag: expect.stringMatching(/^own-/) }]);
  return statements - before;
}

test("similarUsers(limit: 20) with each neighbour's interests and assessments costs as many SQL statements as limit 1", async () => {
  await statementsFor(1); // the served run is looked up once, on the first request
  const one = await statementsFor(1);
  const twenty = await statementsFor(20);
  // neighbours, interests and assessments (one statement each)
  expect(one).toBe(3);
  expect(twenty).toBe(one);
});
