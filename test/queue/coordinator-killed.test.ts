// A coordinator SIGKILLed while its blocks wait (no worker running): the previous run stays served, the killed run
// stays "running" until the next run of its name marks it failed, and a worker started once the killed run's
// heartbeat has expired drops that run's blocks and goes on to rank the next run.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { aliveMs, type BlockJob, blockQueue, runKeys } from "../../src/queue/block-jobs.js";
import type { TestDatabase } from "../support/database.js";
import {
  blocksRanked, completedRunId, exitWithin, exportRun, firstDifference, killStarted, neighbourRows, queueNameFor,
  rankingRuns, rankSingle, removeQueueKeys, seededDatabase, servedRunId, sharedRedis, startCoordinator, startWorker,
  until,
} from "./queue-bed.js";

const queueName = queueNameFor(import.meta.filename);
let database: TestDatabase;
let redis: Redis;
let blocks: Queue<BlockJob>;

beforeAll(async () => {
  database = await seededDatabase(3000);
  redis = new Redis(sharedRedis);
  blocks = new Queue<BlockJob>(blockQueue, { connection: redis, prefix: queueName });
});
afterAll(async () => {
  await killStarted();
  await blocks?.close();
  redis?.disconnect();
  await removeQueueKeys(sharedRedis, queueName);
  database?.remove();
});

describe("a coordinator killed after enqueueing", () => {
  test("leaves the previous run served; its run fails as the next starts, whose worker drops the dead run's blocks", async () => {
    const previous = await rankSingle(database);
    expect(previous.status).toBe(0);
    const servedRun = completedRunId(previous.stdout);

    const coordinator = startCoordinator(database, sharedRedis, queueName, 4);
    await until("the coordinator's 4 blocks waiting", async () => (await blocks.getWaitingCount()) === 4);
    const [{ data }] = await blocks.getWaiting(0, 0);
    const killedRun = data.runId;
    const alive = runKeys(queueName, data.token).alive;
    // The first heartbeat is set long enough to publish a big input; once renewed, it lasts aliveMs.
    await until("the coordinator's heartbeat renewed", async () => (await redis.pttl(alive)) <= aliveMs);
    coordinator.child.kill("SIGKILL");
    expect(await coordinator.exited).toEqual({ status: null, signal: "SIGKILL" });

    expect(rankingRuns(database).map((r) => [r.id, r.status])).toEqual([
      [servedRun, "complete"],
      [killedRun, "running"],
    ]);
    expect(await servedRunId(database)).toBe(servedRun);
    expect(neighbourRows(database, killedRun)).toBe(0);

    // While the dead run's heartbeat runs out: the served run's export, and the next run, whose blocks queue behind
    // the dead run's.
    const next = startCoordinator(database, sharedRedis, queueName, 4);
    const [served] = await Promise.all([
      exportRun(database),
      until("the next run's blocks queued", async () => (await blocks.getWaitingCount()) === 8),
      until("the killed coordinator's heartbeat expired", async () => (await redis.exists(alive)) === 0, aliveMs + 5000),
    ]);
    expect(served.runId).toBe(servedRun);
    const runs = rankingRuns(database);
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      [servedRun, "complete"],
      [killedRun, "failed"],
      [killedRun + 1, "running"],
    ]);
    expect(runs[1].error).toMatch(/^interrupted: still running when run \S+ started$/);

    const worker = await startWorker(sharedRedis, queueName, "--stall-seconds", "5");
    const status = await exitWithin(next, 30_000, async () => `block jobs ${JSON.stringify(await blocks.getJobCounts())}`);
    expect(next.stderr()).toBe("");
    expect(status).toBe(0);
    const nextRun = completedRunId(next.lines().join("\n"));
    expect(nextRun).toBe(killedRun + 1);
    expect(worker.lines().slice(1).filter((line) => !line.startsWith(`run ${nextRun} block `)).sort()).toEqual(
      [1, 2, 3, 4].map((block) => `run ${killedRun} block ${block}/4: dropped (the run's coordinator is gone)`),
    );
    expect(blocksRanked(worker).sort()).toEqual([1, 2, 3, 4].map((b) => `${nextRun} ${b}/4`));
    const dropped = await blocks.getFailed();
    expect(dropped.map((job) => job.failedReason).sort()).toEqual(
      [0, 1, 2, 3].map((block) => `run ${killedRun}'s coordinator is gone (no heartbeat): block ${block} dropped`),
    );
    expect(worker.running()).toBe(true);

    expect(rankingRuns(database).map((r) => [r.id, r.status])).toEqual([
      [servedRun, "complete"],
      [killedRun, "failed"],
      [nextRun, "complete"],
    ]);
    const after = await exportRun(database);
    expect(after.runId).toBe(nextRun);
    expect(firstDifference(after.csv, served.csv)).toBeNull();
  });
});
