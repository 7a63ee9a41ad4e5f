// Redis restarted in the middle of a queued run, on a private redis-server (it keeps nothing on disk, so the restart
// loses the run's jobs): the coordinator fails the run with one line, the previous run stays served, nothing of the
// failed run is stored, and the worker, reconnected, ranks the next run.
import { type ChildProcess, spawn } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { blockQueue } from "../../src/queue/block-jobs.js";
import type { TestDatabase } from "../support/database.js";
import {
  blocksRanked, completedRunId, exitWithin, killStarted, neighbourRows, queueNameFor, rankingRuns, rankSingle,
  seededDatabase, servedRunId, startCoordinator, startWorker, until,
} from "./queue-bed.js";

const queueName = queueNameFor(import.meta.filename);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** redis-server on `port`, without persistence; resolves once it accepts connections. */
async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      if (out.includes("Ready to accept connections")) resolve();
    });
    server.once("exit", (code) => reject(new Error(`redis-server on port ${port} exited with ${code}:\n${out}`)));
  });
  return server;
}

async function kill(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGKILL");
  await exited;
}

let database: TestDatabase;
let port: number;
let redisServer: ChildProcess | undefined;

beforeAll(async () => {
  [database, port] = await Promise.all([seededDatabase(3000), freePort()]);
  redisServer = await startRedis(port);
});
afterAll(async () => {
  await killStarted();
  if (redisServer) await kill(redisServer);
  database?.remove();
});

describe("Redis restarted mid-run", () => {
  test("fails the run with one line; the previous run stays served and the worker ranks the next run", async () => {
    const queue = `redis://127.0.0.1:${port}`;
    const [worker, previous] = await Promise.all([
      startWorker(queue, queueName, "--stall-seconds", "5"),
      rankSingle(database),
    ]);
    expect(previous.status).toBe(0);
    const servedRun = completedRunId(previous.stdout);

    // The worker is paused so that the run's blocks are still waiting when Redis goes: the restart is mid-run.
    worker.child.kill("SIGSTOP");
    const coordinator = startCoordinator(database, queue, queueName, 4);
    const connection = new Redis(queue);
    const blocks = new Queue(blockQueue, { connection, prefix: queueName });
    await until("the run's 4 blocks waiting", async () => (await blocks.getWaitingCount()) === 4);
    await blocks.close();
    connection.disconnect();
    await kill(redisServer!);
    redisServer = await startRedis(port);
    worker.child.kill("SIGCONT");

    const status = await exitWithin(coordinator, 30_000, async () => "the coordinator did not see the restart");
    const failedRun = servedRun + 1;
    const line =
      `Redis at ${queue} lost run ${failedRun}'s jobs (restarted or flushed?): the run failed; the previous run stays served`;
    expect(coordinator.stderr()).toBe(`! ${line}\n`);
    expect(coordinator.lines()).toEqual([]);
    expect(status).toBe(1);

    const runs = rankingRuns(database);
    expect(runs.map((r) => [r.id, r.status, r.error])).toEqual([
      [servedRun, "complete", null],
      [failedRun, "failed", line],
    ]);
    expect(neighbourRows(database, failedRun)).toBe(0);
    expect(await servedRunId(database)).toBe(servedRun);

    expect(worker.running()).toBe(true);
    const next = startCoordinator(database, queue, queueName, 4);
    expect(await exitWithin(next, 30_000, async () => "the worker printed:\n" + worker.lines().join("\n"))).toBe(0);
    expect(next.stderr()).toBe("");
    const nextRun = completedRunId(next.lines().join("\n"));
    expect(blocksRanked(worker).sort()).toEqual([1, 2, 3, 4].map((b) => `${nextRun} ${b}/4`));
    expect(await servedRunId(database)).toBe(nextRun);
  });
});
