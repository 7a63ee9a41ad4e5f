import os from "node:os";
import { expect, test } from "vitest";
import { fixtureServer, getJson, graphql } from "./client.js";
import { rank } from "./fixture.js";

test("/healthz is 503 not_ready before a run completes, then 200 with the run's id and age", async () => {
  const server = await fixtureServer({ ranked: false }, { servedRunRefreshMs: 0 });
  // On SQLite there is no run listener: one process serves the file, and polling picks up new runs.
  const replica = { replica: `${os.hostname()}:${process.pid}`, database: true, dialect: "sqlite", databaseUrl: server.database.url, runListener: null };
  try {
    expect(await getJson(`${server.url}/healthz`)).toEqual({
      status: 503,
      body: {
        status: "not_ready",
        message: "no complete ranking run yet: run `npm run rank`",
        ...replica,
        resultsTable: "user_ranking",
        run: null,
      },
    });
    const runId = await rank(server.database.url);
    const { status, body } = await getJson(`${server.url}/healthz`);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      ...replica,
      resultsTable: "user_ranking",
      run: { id: runId, name: "user_ranking", finishedAt: expect.any(String), ageSeconds: expect.any(Number) },
    });
    expect(body.run.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(body.run.ageSeconds).toBeLessThan(60);
  } finally {
    await server.stop();
  }
});

test("a run completed while serving is picked up without a restart, within the refresh interval", async () => {
  const server = await fixtureServer({ ranked: true }, { servedRunRefreshMs: 200 });
  try {
    const before = await graphql(server.url, `{ rankingRun { id } }`);
    const firstId = before.data!.rankingRun.id as number;
    const newId = await rank(server.database.url);
    expect(newId).toBeGreaterThan(firstId);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = await graphql(server.url, `{ rankingRun { id } similarUsers(handle: "1", limit: 1) { rank } }`);
    expect(after.data).toEqual({ rankingRun: { id: newId }, similarUsers: [{ rank: 1 }] });
    expect((await getJson(`${server.url}/healthz`)).body.run.id).toBe(newId);
  } finally {
    await server.stop();
  }
});

test("/healthz names the replica as REPLICA_NAME (startServer's replicaName) says", async () => {
  const server = await fixtureServer({ ranked: true }, { replicaName: "api-2" });
  try {
    expect((await getJson(`${server.url}/healthz`)).body).toMatchObject({ status: "ok", replica: "api-2" });
  } finally {
    await server.stop();
  }
});

test("/healthz is 503 unavailable when the database does not answer", async () => {
  const server = await fixtureServer({ ranked: true });
  try {
    const { createPrisma } = await import("../../src/db.js");
    const prisma = createPrisma(server.database.url);
    await prisma.$executeRawUnsafe("DROP TABLE neighbours");
    await prisma.$executeRawUnsafe("DROP TABLE ranking_runs");
    await prisma.$disconnect();
    const { status, body } = await getJson(`${server.url}/healthz`);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "unavailable", database: false, run: null });
  } finally {
    await server.stop();
  }
});
