import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixtureServer, graphql, memoryLog, type TestServer } from "./client.js";

describe("with a complete run", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await fixtureServer({ ranked: true });
  });
  afterAll(() => server.stop());

  test("an unknown handle gives NOT_FOUND naming the handle", async () => {
    const { data, errors } = await graphql(server.url, `{ similarUsers(handle: "999") { rank } }`);
    expect(data).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({
        message: "No user with handle 999",
        path: ["similarUsers"],
        extensions: { code: "NOT_FOUND", handle: 999 },
      }),
    ]);
  });

  test.each([0, 6, -1])("limit %i gives BAD_USER_INPUT naming the range 1..K and the argument", async (limit) => {
    const { errors } = await graphql(server.url, `query ($l: Int!) { similarUsers(handle: "1", limit: $l) { rank } }`, {
      l: limit,
    });
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toBe(`limit must be between 1 and 5 (the run's top K), got ${limit}`);
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "limit" });
  });

  test.each(["abc", "0", "-3", "1.5", "07", " 7", ""])(
    'handle "%s" gives BAD_USER_INPUT: not a positive integer',
    async (handle) => {
      const { errors } = await graphql(server.url, `query ($h: ID!) { similarUsers(handle: $h) { rank } }`, { h: handle });
      expect(errors).toHaveLength(1);
      expect(errors![0].message).toBe(`handle must be a positive integer, got "${handle}"`);
      expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "handle" });
    },
  );

  test("a handle too large to be stored is a well-formed handle nobody has: NOT_FOUND", async () => {
    const { errors } = await graphql(server.url, `{ similarUsers(handle: "99999999999") { rank } }`);
    expect(errors![0].extensions.code).toBe("NOT_FOUND");
  });

  test("a 16-digit handle is named in NOT_FOUND as written, not rounded to a float", async () => {
    const { errors } = await graphql(server.url, `{ similarUsers(handle: "9999999999999999") { rank } }`);
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toBe("No user with handle 9999999999999999");
    expect(errors![0].extensions.code).toBe("NOT_FOUND");
  });

  test("user(handle) is null, not an error, for an unknown handle", async () => {
    const { data, errors } = await graphql(server.url, `{ user(handle: "999") { handle } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ user: null });
  });
});

describe("without a complete run", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await fixtureServer({ ranked: false });
  });
  afterAll(() => server.stop());

  test("similarUsers gives RANKING_NOT_READY telling to run npm run rank", async () => {
    const { errors } = await graphql(server.url, `{ similarUsers(handle: "1") { rank } }`);
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toBe('No complete ranking run named "user_ranking" yet: run `npm run rank` and ask again');
    expect(errors![0].extensions).toEqual({ code: "RANKING_NOT_READY", resultsTable: "user_ranking" });
  });

  test("rankingRun is null and the user's own data still answers", async () => {
    const { data, errors } = await graphql(server.url, `{ rankingRun { id } user(handle: "3") { interests { tag } } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ rankingRun: null, user: { interests: [{ tag: "python" }, { tag: "data" }] } });
  });
});

describe("unexpected errors", () => {
  /** A server whose interests table is gone, so reading interests fails inside Prisma. */
  async function brokenServer(production: boolean) {
    const log = memoryLog();
    const server = await fixtureServer({ ranked: true }, { production, log });
    const { createPrisma } = await import("../../src/db.js");
    const prisma = createPrisma(server.database.url);
    await prisma.$executeRawUnsafe("DROP TABLE interests");
    await prisma.$disconnect();
    return { server, log };
  }

  test("in production are masked for the client, without stack trace, and logged on the server", async () => {
    const { server, log } = await brokenServer(true);
    try {
      const { data, errors } = await graphql(server.url, `{ user(handle: "1") { interests { tag } } }`);
      expect(data).toEqual({ user: null });
      expect(errors).toEqual([
        {
          message: "Internal server error",
          locations: [{ line: 1, column: 23 }],
          path: ["user", "interests"],
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        },
      ]);
      expect(log.entries).toHaveLength(1);
      expect(String(log.entries[0])).toContain("interests");
    } finally {
      await server.stop();
    }
  });

  test("in development keep their message and a stack trace", async () => {
    const { server } = await brokenServer(false);
    try {
      const { errors } = await graphql(server.url, `{ user(handle: "1") { interests { tag } } }`);
      expect(errors![0].message).not.toBe("Internal server error");
      expect(errors![0].extensions.code).toBe("INTERNAL_SERVER_ERROR");
      expect(errors![0].extensions.stacktrace).toEqual(expect.arrayContaining([expect.stringContaining("Error")]));
    } finally {
      await server.stop();
    }
  });
});

describe("a subscription sent over HTTP", () => {
  // Apollo Server would hand it to the executor like a query, which runs the subscription's field once with no event
  // (an INTERNAL_SERVER_ERROR, logged with a stack): it is the client's mistake, so it fails validation and says where
  // subscriptions are served.
  test.each([true, false])("fails validation with 400, saying to use the WebSocket, and nothing is logged (production: %s)", async (production) => {
    const log = memoryLog();
    const server = await fixtureServer({ ranked: true }, { production, log });
    try {
      const { status, data, errors } = await graphql(server.url, "subscription Changes { similarUsersChanged(handle: 1) { revision } }");
      expect(status).toBe(400);
      expect(data).toBeUndefined();
      expect(errors).toEqual([
        {
          message: "Subscriptions are served over WebSocket (the graphql-transport-ws protocol of graphql-ws) at /graphql, not over HTTP",
          locations: [{ line: 1, column: 1 }],
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        },
      ]);
      expect(log.entries).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
