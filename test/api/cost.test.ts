import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Context } from "../../src/api/context.js";
import { estimateCost } from "../../src/api/cost.js";
import { defaultLimits } from "../../src/api/limits.js";
import { buildKindredSchema } from "../../src/api/schema.js";
import { startServer } from "../../src/api/start-server.js";
import { projectRoot } from "../../src/database-url.js";
import { ExploreQuery } from "../../src/web/explorer/explore.query.js";
import type { TestDatabase } from "../support/database.js";
import { graphql, memoryLog, type TestServer } from "./client.js";
import { fixtureDatabase, rank } from "./fixture.js";

// The fixture ranked with K = 20, so `limit: 20` is served, as on the seeded database the attacks were tried on.
let database: TestDatabase;
let server: TestServer;
const log = memoryLog();
beforeAll(async () => {
  database = await fixtureDatabase({ ranked: false });
  await rank(database.url, "user_ranking", 20);
  const running = await startServer({ port: 0, host: "127.0.0.1", url: database.url, log });
  server = { ...running, database, stop: () => running.close() };
});
afterAll(async () => {
  await server?.stop();
  database?.remove();
});

/** `levels` similarUsers(limit: 20) nested through `user`, ending on `rank`: 2 * levels fields deep. */
function fanOut(levels: number): string {
  return levels === 1 ? "similarUsers(limit: 20) { rank }" : `similarUsers(limit: 20) { user { ${fanOut(levels - 1)} } }`;
}

describe("the cost limit (MAX_QUERY_COST, default 2000)", () => {
  test("5 aliases fanned out 8 deep at limit 20 (800,000 neighbours) are refused before anything runs", async () => {
    const aliases = Array.from({ length: 5 }, (_, i) => `a${i}: ${fanOut(4).replace("similarUsers(", 'similarUsers(handle: "1", ')}`);
    const { status, data, errors } = await graphql(server.url, `{ ${aliases.join("\n")} }`);
    // Each alias: 1 + 20 * (1 + 1 + 20 * (1 + 1 + 20 * (1 + 1 + 20 * 1))) = 176,841.
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toEqual([
      {
        message:
          "The operation's estimated cost is 884205; the maximum is 2000 (MAX_QUERY_COST): ask for smaller lists or fewer fields",
        extensions: { code: "QUERY_TOO_COMPLEX", cost: 884205, maxQueryCost: 2000 },
      },
    ]);
  });

  test("a limit passed as a variable is counted at its value", async () => {
    const query = `query ($limit: Int!) { similarUsers(handle: "1", limit: $limit) { user { similarUsers(limit: $limit) { rank } } } }`;
    const small = await graphql(server.url, query, { limit: 2 });
    expect(small.errors).toBeUndefined();
    // 1 + 20 * (1 + 1 + 20 * 1) = 441 fits; nested once more it would not, but here the variable is what changes:
    const big = await graphql(server.url, `query ($l: Int!) { a: similarUsers(handle: "1", limit: $l) { user { ${fanOut(2)} } } }`, { l: 20 });
    expect(big.errors![0].extensions).toEqual({ code: "QUERY_TOO_COMPLEX", cost: 8841, maxQueryCost: 2000 });
  });

  test("a limit outside 1..K costs nothing extra: the client gets the BAD_USER_INPUT it can act on", async () => {
    const { errors } = await graphql(server.url, `{ similarUsers(handle: "1", limit: 100000) { user { ${fanOut(3)} } } }`);
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "limit" });
  });

  test("a fragment spread inside fragments spread many times is refused without expanding it all", async () => {
    const spreads = (name: string) => Array.from({ length: 20 }, () => `...${name}`).join(" ");
    const query = `{ similarUsers(handle: "1", limit: 1) { ...F1 } }
      fragment F1 on SimilarUser { ${spreads("F2")} }
      fragment F2 on SimilarUser { ${spreads("F3")} }
      fragment F3 on SimilarUser { ${spreads("F4")} }
      fragment F4 on SimilarUser { rank score }`;
    const { status, errors } = await graphql(server.url, query);
    expect(status).toBe(400);
    expect(errors).toEqual([
      {
        message:
          "The operation's estimated cost is beyond counting; the maximum is 2000 (MAX_QUERY_COST): ask for smaller lists or fewer fields",
        extensions: { code: "QUERY_TOO_COMPLEX", cost: null, maxQueryCost: 2000 },
      },
    ]);
  });

  test("every operation of examples.graphql and the explorer's query fit under the default", async () => {
    const examples = readFileSync(path.join(projectRoot, "examples.graphql"), "utf8");
    const names = [...examples.matchAll(/^query (\w+)/gm)].map((m) => m[1]);
    expect(names).toHaveLength(6);
    for (const operationName of names) {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: examples, operationName, variables: operationName === "Node" ? { id: "VXNlcjox" } : { handle: "1" } }),
      });
      expect({ operationName, body: await response.json() }).toEqual({ operationName, body: { data: expect.anything() } });
    }
    const explore = await graphql(server.url, ExploreQuery.toString(), { handle: "1" });
    expect(explore.errors).toBeUndefined();
    expect(explore.data!.user.similarUsers).toHaveLength(5);
  });
});

describe("the cost remembered per operation (request-limits.ts)", () => {
  // 1 + l * (1 + 1 + l * (1 + 1 + l * 1)): 21 at l = 2, 8841 at l = 20.
  const nested = `a: similarUsers(handle: $h, limit: $l) { user { similarUsers(limit: $l) { user { similarUsers(limit: $l) { rank } } } } }`;

  test("the same document with a larger limit variable is refused after the smaller one was served", async () => {
    const query = `query ($h: ID!, $l: Int!) { ${nested} }`;
    expect((await graphql(server.url, query, { h: "1", l: 2 })).errors).toBeUndefined();
    const big = await graphql(server.url, query, { h: "1", l: 20 });
    expect(big.errors![0].extensions).toEqual({ code: "QUERY_TOO_COMPLEX", cost: 8841, maxQueryCost: 2000 });
    // And the handle, which no estimate reads, changes nothing: another user's small request is served.
    expect((await graphql(server.url, query, { h: "2", l: 2 })).errors).toBeUndefined();
  });

  test("two operations of one document are estimated each on its own", async () => {
    const document = `query Small($h: ID!, $l: Int!) { similarUsers(handle: $h, limit: $l) { rank } }
      query Big($h: ID!, $l: Int!) { ${nested} }`;
    const send = (operationName: string) =>
      fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: document, operationName, variables: { h: "1", l: 20 } }),
      }).then((r) => r.json() as Promise<{ errors?: { extensions: unknown }[] }>);
    expect((await send("Small")).errors).toBeUndefined();
    expect((await send("Big")).errors![0].extensions).toEqual({ code: "QUERY_TOO_COMPLEX", cost: 8841, maxQueryCost: 2000 });
  });

  test("a limit variable left out takes its default, and is estimated at it", async () => {
    const query = `query ($h: ID!, $l: Int = 20) { ${nested} }`;
    expect((await graphql(server.url, query, { h: "1", l: 2 })).errors).toBeUndefined();
    const absent = await graphql(server.url, query, { h: "1" });
    expect(absent.errors![0].extensions).toEqual({ code: "QUERY_TOO_COMPLEX", cost: 8841, maxQueryCost: 2000 });
  });
});

test("the costs src/api/README.md quotes, with a run of K = 20 served", async () => {
  const schema = await buildKindredSchema();
  const context = { run: { parameters: { top: 20 } }, limits: defaultLimits } as unknown as Context;
  const examples = parse(readFileSync(path.join(projectRoot, "examples.graphql"), "utf8"));
  const cost = (document: ReturnType<typeof parse>, operationName?: string) =>
    estimateCost(schema, document, operationName, { handle: "1", id: "VXNlcjox" }, context, 10_000);
  expect(cost(examples, "SimilarUsers")).toBe(41);
  expect(cost(examples, "UserProfile")).toBe(319);
  const others = ["WhySimilar", "Users", "Node", "RankingRuns"].map((name) => cost(examples, name)!);
  expect(Math.max(...others)).toBeLessThan(319);
  expect(cost(parse(ExploreQuery.toString()))).toBe(356);
});

describe("the alias cap (MAX_ALIASES, default 30)", () => {
  test("1,000 aliases of similarUsers(limit: 20) with tags and sharedTags are refused before anything runs", async () => {
    const aliases = Array.from(
      { length: 1000 },
      (_, i) => `a${i}: similarUsers(handle: "1", limit: 20) { user { tags { tag } } sharedTags { tags { tag } } }`,
    );
    const { status, data, errors } = await graphql(server.url, `{ ${aliases.join("\n")} }`);
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toEqual([
      {
        message: "The document has 1000 aliases; the maximum is 30 (MAX_ALIASES)",
        extensions: { code: "TOO_MANY_ALIASES", aliases: 1000, maxAliases: 30 },
      },
    ]);
  });

  test("30 aliases are served", async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: user(handle: "${(i % 10) + 1}") { handle }`);
    const { data, errors } = await graphql(server.url, `{ ${aliases.join(" ")} }`);
    expect(errors).toBeUndefined();
    expect(Object.keys(data!)).toHaveLength(30);
  });
});

test("refusals are the client's mistake: nothing is logged", () => {
  expect(log.entries).toEqual([]);
});
