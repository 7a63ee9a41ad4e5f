import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { limitsFromEnv } from "../../src/api/limits.js";
import { fixtureServer, graphql, type TestServer } from "./client.js";

let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true }, { limits: { maxQueryDepth: 4, maxPageSize: 3 } });
});
afterAll(() => server.stop());

describe("query depth", () => {
  test("an operation deeper than MAX_QUERY_DEPTH is rejected with 400 before it runs", async () => {
    const query = `query Deep { similarUsers(handle: "1") { user { similarUsers { user { handle } } } } }`;
    const { status, data, errors } = await graphql(server.url, query);
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'Operation "Deep" is 5 fields deep; the maximum is 4 (MAX_QUERY_DEPTH)',
        extensions: { code: "GRAPHQL_VALIDATION_FAILED", maxQueryDepth: 4, depth: 5 },
      }),
    ]);
  });

  test("fragments count where they are spread", async () => {
    const query = `{ similarUsers(handle: "1") { ...Pair } }
      fragment Pair on SimilarUser { user { similarUsers { user { handle } } } }`;
    const { errors } = await graphql(server.url, query);
    expect(errors![0].message).toBe("The operation is 5 fields deep; the maximum is 4 (MAX_QUERY_DEPTH)");
  });

  test("an operation exactly MAX_QUERY_DEPTH deep runs", async () => {
    const { errors, data } = await graphql(server.url, `{ similarUsers(handle: "1", limit: 1) { user { similarUsers(limit: 1) { rank } } } }`);
    expect(errors).toBeUndefined();
    expect(data!.similarUsers[0].user.similarUsers).toEqual([{ rank: 1 }]);
  });

  test("introspection is not counted, so GraphiQL's introspection query still works", async () => {
    const query = `{ __schema { types { name fields { name type { kind ofType { kind ofType { kind ofType { name } } } } } } } }`;
    const { status, data } = await graphql(server.url, query);
    expect(status).toBe(200);
    expect(data!.__schema.types.map((t: { name: string }) => t.name)).toContain("SimilarUser");
  });
});

describe("page size", () => {
  test.each([
    ["users(first: 4) { edges { cursor } }", "users"],
    ['user(handle: "1") { courseViews(first: 4) { edges { cursor } } }', "user"],
    ["rankingRuns(first: 4) { id }", "rankingRuns"],
  ])("first above MAX_PAGE_SIZE gives BAD_USER_INPUT naming first: %s", async (selection) => {
    const { errors } = await graphql(server.url, `{ ${selection} }`);
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toBe("first must be between 1 and 3 (MAX_PAGE_SIZE), got 4");
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "first" });
  });

  test("first equal to MAX_PAGE_SIZE is served", async () => {
    const { data } = await graphql(server.url, `{ users(first: 3) { edges { node { handle } } } }`);
    expect(data!.users.edges).toHaveLength(3);
  });
});

describe("limitsFromEnv", () => {
  test("defaults to depth 8, pages of 100, cost 2000, 30 aliases, 5 s and batches of 1000 events", () => {
    expect(limitsFromEnv({})).toEqual({
      maxQueryDepth: 8,
      maxPageSize: 100,
      maxQueryCost: 2000,
      maxAliases: 30,
      requestTimeoutMs: 5000,
      maxBatchEvents: 1000,
    });
  });

  test("reads MAX_QUERY_DEPTH, MAX_PAGE_SIZE, MAX_QUERY_COST, MAX_ALIASES, REQUEST_TIMEOUT_MS and MAX_BATCH_EVENTS", () => {
    const env = { MAX_QUERY_DEPTH: "12", MAX_PAGE_SIZE: " 50 ", MAX_QUERY_COST: "900", MAX_ALIASES: "4", REQUEST_TIMEOUT_MS: "250", MAX_BATCH_EVENTS: "50" };
    expect(limitsFromEnv(env)).toEqual({
      maxQueryDepth: 12,
      maxPageSize: 50,
      maxQueryCost: 900,
      maxAliases: 4,
      requestTimeoutMs: 250,
      maxBatchEvents: 50,
    });
  });

  test("rejects a value that is not a positive integer, naming the variable", () => {
    expect(() => limitsFromEnv({ MAX_PAGE_SIZE: "0" })).toThrow('MAX_PAGE_SIZE must be a positive integer, got "0"');
    expect(() => limitsFromEnv({ MAX_QUERY_DEPTH: "ten" })).toThrow('MAX_QUERY_DEPTH must be a positive integer, got "ten"');
    expect(() => limitsFromEnv({ REQUEST_TIMEOUT_MS: "1.5" })).toThrow('REQUEST_TIMEOUT_MS must be a positive integer, got "1.5"');
  });
});
