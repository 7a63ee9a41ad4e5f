// `npm run serve` on PostgreSQL: the same server answers from the PostgreSQL stores as it does from SQLite's.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dialects } from "../support/stores.js";
import { fixtureServer, getJson, graphql, type TestServer } from "./client.js";

const servers = {} as Record<(typeof dialects)[number], TestServer>;
beforeAll(async () => {
  for (const dialect of dialects) servers[dialect] = await fixtureServer({ ranked: true, dialect });
});
afterAll(async () => {
  for (const server of Object.values(servers)) await server.stop();
});

const operation = `{
  similarUsers(handle: "1", limit: 5) { rank score sources { interests courses assessments } user { handle } }
  user(handle: "3") {
    interests { tag followedAt }
    courseViews(first: 5) { totalCount edges { cursor node { courseId author courseAuthors level seconds tags viewedOn } } }
  }
  users(first: 3) { edges { node { handle } } }
}`;

describe("the API on PostgreSQL", () => {
  test("answers an operation over neighbours, users and their activity exactly as on SQLite", async () => {
    const [sqlite, postgresql] = await Promise.all(dialects.map((dialect) => graphql(servers[dialect].url, operation)));
    expect(postgresql.errors).toBeUndefined();
    expect(postgresql.data!.similarUsers).toHaveLength(5);
    expect(postgresql).toEqual(sqlite);
  });

  test("/healthz reports the database and the served run", async () => {
    const { status, body } = await getJson(`${servers.postgresql.url}/healthz`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      database: true,
      dialect: "postgresql",
      databaseUrl: servers.postgresql.database.url,
      runListener: "connected",
      resultsTable: "user_ranking",
      run: { name: "user_ranking" },
    });
  });
});
