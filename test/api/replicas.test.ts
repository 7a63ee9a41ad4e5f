// Several `npm run serve` processes on one PostgreSQL database: they answer alike, and each serves a newly completed
// run within 2 s of its commit because the run's transaction notifies them. Their polling is set to 10 minutes,
// longer than this file runs, so a switch seen here came through the notification.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { postgresConfig } from "../../src/postgres.js";
import { listenerApplicationName } from "../../src/postgres-listener.js";
import type { DialectDatabase } from "../support/stores.js";
import { getJson, graphql } from "./client.js";
import { fixtureDatabaseOn, rank } from "./fixture.js";

interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  stderr: () => string;
}

/** `npm run serve` as its own process on a free port; resolves once it prints its URL. */
async function startReplica(name: string, databaseUrl: string): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "src/server.ts")], {
    cwd: projectRoot,
    env: { ...process.env, PORT: "0", DATABASE_URL: databaseUrl, REPLICA_NAME: name, SERVED_RUN_REFRESH_MS: "600000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /GraphQL endpoint +(http:\/\/\S+?)\/graphql/.exec(out);
      if (match) resolve(match[1].replace("localhost", "127.0.0.1"));
    });
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before listening:\n${out}${stderr}`)));
  });
  return { name, url, child, stderr: () => stderr };
}

const servedRunId = async (replica: Replica): Promise<number | undefined> => (await getJson(`${replica.url}/healthz`)).body.run?.id;

/** Asks every replica for its served run until each serves one other than `previous`; when each first did. */
async function whenEachSwitches(replicas: Replica[], previous: number): Promise<{ id: number; at: number }[]> {
  return Promise.all(
    replicas.map(async (replica) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
        const id = await servedRunId(replica);
        if (id !== undefined && id !== previous) return { id, at: Date.now() };
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`${replica.name} still serves run ${previous} after 10 s`);
    }),
  );
}

/** `npm run rank` as its own process; asynchronous, so that this process keeps asking the replicas meanwhile. */
function rankCommand(databaseUrl: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("src", "rank.ts"), ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk));
  return new Promise((resolve) => child.once("close", (status) => resolve({ status, stdout, stderr })));
}

/** The newest complete run: its id and when it finished, which is just before its transaction commits. */
async function newestRun(url: string): Promise<{ id: number; finishedAt: number }> {
  const client = new pg.Client(postgresConfig(url));
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number; finished_at: Date }>(
      `SELECT id, finished_at FROM ranking_runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1`,
    );
    return { id: rows[0].id, finishedAt: rows[0].finished_at.getTime() };
  } finally {
    await client.end();
  }
}

const similar = `{ rankingRun { id parameters { top } } similarUsers(handle: "1", limit: 3) { rank score user { handle } } }`;

let database: DialectDatabase;
let replicas: Replica[];
beforeAll(async () => {
  database = await fixtureDatabaseOn("postgresql", { ranked: true });
  replicas = await Promise.all(["replica-a", "replica-b"].map((name) => startReplica(name, database.url)));
});
afterAll(async () => {
  for (const replica of replicas ?? []) replica.child.kill("SIGKILL");
  await database?.remove();
});

describe("API replicas on one PostgreSQL database", () => {
  test("answer alike, and each /healthz names its own replica, the database and the same run", async () => {
    const [a, b] = await Promise.all(replicas.map((replica) => graphql(replica.url, similar)));
    expect(a.errors).toBeUndefined();
    expect(a.data!.similarUsers).toHaveLength(3);
    expect(b).toEqual(a);
    const first = await newestRun(database.url);
    for (const replica of replicas) {
      const { status, body } = await getJson(`${replica.url}/healthz`);
      expect(status).toBe(200);
      expect(body).toEqual({
        status: "ok",
        replica: replica.name,
        database: true,
        dialect: "postgresql",
        databaseUrl: database.url,
        runListener: "connected",
        resultsTable: "user_ranking",
        run: { id: first.id, name: "user_ranking", finishedAt: new Date(first.finishedAt).toISOString(), ageSeconds: expect.any(Number) },
      });
    }
  });

  test("both serve a run completed by `npm run rank` within 2 s of its commit", async () => {
    const previous = (await newestRun(database.url)).id;
    const switched = whenEachSwitches(replicas, previous);
    const ranked = await rankCommand(database.url, ["--top", "3", "--workers", "1"]);
    expect(ranked.stderr.replace(/^(load|compute|write) · .*\n/gm, "")).toBe(""); // only the phases as they begin
    expect(ranked.status).toBe(0);
    const run = await newestRun(database.url);
    expect(ranked.stdout).toContain(`Ranking run ${run.id} "user_ranking" complete`);
    const seen = await switched;
    expect(seen.map((s) => s.id)).toEqual([run.id, run.id]);
    const latencyMs = Math.max(...seen.map((s) => s.at)) - run.finishedAt;
    console.log(`both replicas served run ${run.id} ${latencyMs} ms after it finished (its commit follows within ms)`);
    expect(latencyMs).toBeLessThan(2000);

    const [a, b] = await Promise.all(replicas.map((replica) => graphql(replica.url, similar)));
    expect(a.data!.rankingRun).toEqual({ id: run.id, parameters: { top: 3 } });
    expect(b).toEqual(a);
  });

  test("a listener whose connection is cut reconnects, says so on /healthz meanwhile, and hears the next run", async () => {
    const admin = new pg.Client(postgresConfig(database.url));
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
        [listenerApplicationName],
      );
      expect(rows).toEqual([{ terminated: true }, { terminated: true }]);
    } finally {
      await admin.end();
    }
    for (const replica of replicas) {
      for (const deadline = Date.now() + 5_000; ; ) {
        const { body } = await getJson(`${replica.url}/healthz`);
        if (body.runListener === "connected") break;
        expect(body).toMatchObject({ status: "ok", runListener: "reconnecting" });
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(replica.stderr()).toMatch(
        /^! LISTEN kindred_runs on PostgreSQL \(postgresql:\/\/\S+\): terminating connection due to administrator command; retrying in 250 ms$/m,
      );
    }
    const previous = (await newestRun(database.url)).id;
    const switched = whenEachSwitches(replicas, previous);
    const runId = await rank(database.url);
    expect((await switched).map((s) => s.id)).toEqual([runId, runId]);
  });
});
