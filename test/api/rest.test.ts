import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrisma } from "../../src/db.js";
import { fixtureServer, getJson, type TestServer } from "./client.js";

describe("GET /api/v1/users/:handle/similar", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await fixtureServer({ ranked: true });
  });
  afterAll(() => server.stop());

  test("answers like the original endpoint, with the stored run's neighbours and the run that produced them", async () => {
    const prisma = createPrisma(server.database.url);
    const run = await prisma.rankingRun.findFirstOrThrow({ where: { status: "complete" } });
    const stored = await prisma.neighbour.findMany({ where: { runId: run.id, userHandle: 1, rank: { lte: 3 } }, orderBy: { rank: "asc" } });
    await prisma.$disconnect();

    const { status, body } = await getJson(`${server.url}/api/v1/users/1/similar?limit=3`);
    expect(status).toBe(200);
    expect(body).toEqual({
      handle: 1,
      run: { id: run.id, name: "user_ranking", finishedAt: run.finishedAt!.toISOString() },
      similar: stored.map((r) => ({
        handle: r.neighbourHandle,
        rank: r.rank,
        score: r.score,
        sources: { interests: r.interests, courses: r.courses, assessments: r.assessments },
      })),
    });
  });

  test("gives five neighbours without ?limit", async () => {
    const { body } = await getJson(`${server.url}/api/v1/users/1/similar`);
    expect(body.similar.map((s: { rank: number }) => s.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  test("404 with a JSON error for an unknown user", async () => {
    const { status, body } = await getJson(`${server.url}/api/v1/users/999/similar`);
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "NOT_FOUND", message: "No user with handle 999" } });
  });

  test("404 naming a 16-digit handle as written", async () => {
    const { status, body } = await getJson(`${server.url}/api/v1/users/9999999999999999/similar`);
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "NOT_FOUND", message: "No user with handle 9999999999999999" } });
  });

  test("400 with a JSON error for a handle that is not a positive integer", async () => {
    const { status, body } = await getJson(`${server.url}/api/v1/users/abc/similar`);
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { code: "BAD_USER_INPUT", message: 'handle must be a positive integer, got "abc"', argumentName: "handle" },
    });
  });

  test.each([
    ["6", "limit must be between 1 and 5 (the run's top K), got 6"],
    ["0", "limit must be between 1 and 5 (the run's top K), got 0"],
    ["five", 'limit must be an integer, got "five"'],
    ["9999999999", "limit must be between 1 and 5 (the run's top K), got 9999999999"],
  ])("400 with a JSON error for limit=%s", async (limit, message) => {
    const { status, body } = await getJson(`${server.url}/api/v1/users/1/similar?limit=${limit}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: "BAD_USER_INPUT", message, argumentName: "limit" } });
  });

  test("404 for a path the server does not know, 405 for a known path's other methods", async () => {
    expect(await getJson(`${server.url}/api/v1/users/1/friends`)).toEqual({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "Nothing at /api/v1/users/1/friends" } },
    });
    const response = await fetch(`${server.url}/api/v1/users/1/similar`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});

test("503 RANKING_NOT_READY before any run completes", async () => {
  const server = await fixtureServer({ ranked: false });
  try {
    const { status, body } = await getJson(`${server.url}/api/v1/users/1/similar`);
    expect(status).toBe(503);
    expect(body.error.code).toBe("RANKING_NOT_READY");
    expect(body.error.message).toContain("npm run rank");
  } finally {
    await server.stop();
  }
});

describe("POST /graphql bodies", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await fixtureServer({ ranked: false });
  });
  afterAll(() => server.stop());

  test("a body that is not JSON gives 400 BAD_REQUEST", async () => {
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
  });

  test("a body over 1 MiB gives 413", async () => {
    const query = `{ users { edges { cursor } } }`.padEnd(2 << 20, " ");
    const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    expect(response.status).toBe(413);
  });
});
