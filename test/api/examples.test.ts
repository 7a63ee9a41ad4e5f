import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { fixtureServer, type TestServer } from "./client.js";
import { countingListeners, subscribeTo, wsClient } from "./ws-client.js";

// examples.graphql is what the playground opens with: every operation in it must run cleanly.
const document = readFileSync(path.join(projectRoot, "examples.graphql"), "utf8");
const operations = [...document.matchAll(/^query (\w+)/gm)].map((m) => m[1]);
const live = [...document.matchAll(/^(mutation|subscription) (\w+)/gm)].map((m) => `${m[1]} ${m[2]}`);

/** The variables each example's comment suggests; operations without any take none. */
const variables: Record<string, Record<string, unknown>> = {
  SimilarUsers: { handle: "1", limit: 5 },
  WhySimilar: { handle: "1" },
  UserProfile: { handle: "1" },
  Node: { id: "VXNlcjox" },
};

let server: TestServer;
let counted: ReturnType<typeof countingListeners>;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true, live: (recorder) => (counted = countingListeners(recorder)).recorder });
});
afterAll(() => server.stop());

test("examples.graphql holds the six example queries, a subscription and a mutation", () => {
  expect(operations).toEqual(["SimilarUsers", "WhySimilar", "UserProfile", "Users", "Node", "RankingRuns"]);
  expect(live).toEqual(["subscription SimilarUsersChanged", "mutation RecordInterest"]);
});

test("the live examples run: SimilarUsersChanged hears of the change RecordInterest makes, both without errors", async () => {
  const client = wsClient(server.url);
  try {
    const changes = subscribeTo(client, document, { handle: 1 }, "SimilarUsersChanged");
    await expect.poll(() => counted.listeners()).toBe(2); // the server's own listener and the subscription
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: document, operationName: "RecordInterest", variables: { handle: 1 } }),
    });
    const recorded = (await response.json()) as { data: { recordInterest: { revision: number; changed: number[] } }; errors?: unknown[] };
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordInterest.changed).toContain(1);
    await expect.poll(() => changes.results.length).toBe(1);
    expect(changes.results[0].errors).toBeUndefined();
    expect(changes.results[0].data!.similarUsersChanged).toEqual(expect.objectContaining({ revision: recorded.data.recordInterest.revision }));
  } finally {
    await client.dispose();
  }
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
