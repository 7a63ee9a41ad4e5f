import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixtureServer, type TestServer } from "./client.js";

// Operations run compiled by graphql-jit (src/api/executor.ts), one compiled function per document and operation.
let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true });
});
afterAll(async () => {
  await server?.stop();
});

async function post(body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

describe("one compiled operation per document and operation name", () => {
  const query = `query ($h: ID!, $l: Int!) { similarUsers(handle: $h, limit: $l) { rank user { handle } } }`;

  test("the same document with other variables answers for those variables", async () => {
    const one = await post({ query, variables: { h: "1", l: 1 } });
    const three = await post({ query, variables: { h: "1", l: 3 } });
    const other = await post({ query, variables: { h: "2", l: 3 } });
    expect(one.data.similarUsers.map((n: { rank: number }) => n.rank)).toEqual([1]);
    expect(three.data.similarUsers.map((n: { rank: number }) => n.rank)).toEqual([1, 2, 3]);
    expect(other.data.similarUsers).toHaveLength(3);
    expect(other.data.similarUsers).not.toEqual(three.data.similarUsers);
  });

  test("two operations of one document each run their own selection", async () => {
    const document = `query Neighbours($h: ID!) { similarUsers(handle: $h, limit: 2) { rank } }
      query Person($h: ID!) { user(handle: $h) { handle } }`;
    const neighbours = await post({ query: document, operationName: "Neighbours", variables: { h: "1" } });
    const person = await post({ query: document, operationName: "Person", variables: { h: "1" } });
    expect(neighbours.data).toEqual({ similarUsers: [{ rank: 1 }, { rank: 2 }] });
    expect(person.data).toEqual({ user: { handle: "1" } });
  });
});

describe("answers worded as graphql-js words them", () => {
  test("a variable of the wrong type is BAD_USER_INPUT, HTTP 400, nothing run", async () => {
    const query = `query ($l: Int!) { similarUsers(handle: "1", limit: $l) { rank } }`;
    expect(await post({ query, variables: { l: "x" } })).toEqual({
      status: 400,
      errors: [
        {
          message: 'Variable "$l" got invalid value "x"; Int cannot represent non-integer value: "x"',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
  });

  test("an operation name the document does not have", async () => {
    const { status, errors } = await post({ query: `query A { rankingRun { id } }`, operationName: "B" });
    expect(status).toBe(400);
    expect(errors).toEqual([{ message: 'Unknown operation named "B".', extensions: { code: "OPERATION_RESOLUTION_FAILURE" } }]);
  });
});
