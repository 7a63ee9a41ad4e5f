import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { fixtureServer, type TestServer } from "./client.js";

// examples.graphql is what the playground opens with: every operation in it must run cleanly.
const document = readFileSync(path.join(projectRoot, "examples.graphql"), "utf8");
const operations = [...document.matchAll(/^query (\w+)/gm)].map((m) => m[1]);

/** The variables each example's comment suggests; operations without any take none. */
const variables: Record<string, Record<string, unknown>> = {
  SimilarUsers: { handle: "1", limit: 5 },
  WhySimilar: { handle: "1" },
  UserProfile: { handle: "1" },
  Node: { id: "VXNlcjox" },
};

let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true });
});
afterAll(() => server.stop());

test("examples.graphql holds the six example operations", () => {
  expect(operations).toEqual(["SimilarUsers", "WhySimilar", "UserProfile", "Users", "Node", "RankingRuns"]);
});

test.each(operations)("example %s runs without errors on a ranked database", async (operationName) => {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: document, operationName, variables: variables[operationName] ?? {} }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  expect(Object.values(body.data!).every((v) => v !== null)).toBe(true);
});
