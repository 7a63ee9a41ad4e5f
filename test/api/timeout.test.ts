import { afterAll, beforeAll, expect, test } from "vitest";
import { startServer } from "../../src/api/start-server.js";
import { targetOfUrl } from "../../src/database-url.js";
import { openLiveStores } from "../../src/db.js";
import { LiveRanking } from "../../src/rankings/live-ranking.js";
import { ThreadLiveEngine } from "../../src/rankings/thread-live-engine.js";
import { fixtureServer, getJson, graphql, memoryLog, type TestServer } from "./client.js";
import { fixtureDatabaseOn } from "./fixture.js";

// REQUEST_TIMEOUT_MS of 1: every request that reads the database runs past it (a Prisma query alone takes longer),
// so the cut-off is certain without a slow query. How responsive the server stays while a heavy request runs is a
// benchmark (npm run bench -- api), not a test.
let server: TestServer;
const log = memoryLog();
beforeAll(async () => {
  server = await fixtureServer({ ranked: true }, { limits: { requestTimeoutMs: 1 }, log });
});
afterAll(() => server.stop());

test("a request past REQUEST_TIMEOUT_MS is cut off with REQUEST_TIMEOUT and HTTP 503, no partial data", async () => {
  const query = `{ users(first: 3) { edges { node { interests { tag } courseViews { totalCount } similarUsers { rank } } } } }`;
  const { status, data, errors } = await graphql(server.url, query);
  expect(status).toBe(503);
  expect(data).toBeUndefined();
  expect(errors).toEqual([
    {
      message: "The request ran longer than 1 ms (REQUEST_TIMEOUT_MS) and was cut off",
      extensions: { code: "REQUEST_TIMEOUT", requestTimeoutMs: 1 },
    },
  ]);
  expect(log.entries).toEqual([]);
});

test("the server goes on answering after cutting requests off", async () => {
  await Promise.all(Array.from({ length: 5 }, () => graphql(server.url, `{ users(first: 3) { edges { node { interests { tag } } } } }`)));
  const { status, body } = await getJson(`${server.url}/healthz`);
  expect(status).toBe(200);
  expect(body.status).toBe("ok");
});

test("a mutation is not cut off: it answers once its batch committed, so the client knows it was stored", async () => {
  // As `npm run serve` records events: the live engine on a thread of its own, whose answers take longer than 1 ms.
  const database = await fixtureDatabaseOn("sqlite", { ranked: true });
  const { live, close } = openLiveStores(targetOfUrl(database.url));
  const events = new LiveRanking(live, "user_ranking", await ThreadLiveEngine.start());
  const served = await startServer({ port: 0, host: "127.0.0.1", url: database.url, events, limits: { requestTimeoutMs: 1 }, log });
  try {
    const mutation = `mutation { recordInterest(handle: 8, tag: "security", followedAt: "2026-12-01 09:30:00") { duplicates revision } }`;
    const first = await graphql(served.url, mutation);
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ recordInterest: { duplicates: 0, revision: 1 } });
    // Sent again, it is the stored row's exact duplicate: the first one was stored once, and only once.
    const again = await graphql(served.url, mutation);
    expect(again.data).toEqual({ recordInterest: { duplicates: 1, revision: 1 } });
    // A query on the same server is still cut off.
    expect((await graphql(served.url, `{ users(first: 3) { edges { node { interests { tag } } } } }`)).status).toBe(503);
  } finally {
    await served.close();
    await events.close();
    close();
    await database.remove();
  }
});
