// A worker SIGKILLed in the middle of a block: its lock lapses (--stall-seconds 2), BullMQ hands the block to the
// worker started after it, and the run completes with the lists a single-process run stores.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { blockQueue } from "../../src/queue/block-jobs.js";
import type { TestDatabase } from "../support/database.js";
import {
  blocksRanked, completedRunId, exitWithin, exportRun, firstDifference, killStarted, queueNameFor, rankingRuns,
  rankSingle, removeQueueKeys, seededDatabase, sharedRedis, startCoordinator, startWorker,
} from "./queue-bed.js";

const queueName = queueNameFor(import.meta.filename);
let database: TestDatabase;
let redis: Redis;

beforeAll(async () => {
  database = await seededDatabase(3000);
  redis = new Redis(sharedRedis);
});
afterAll(async () => {
  await killStarted();
  redis?.disconnect();
  await removeQueueKeys(sharedRedis, queueName);
  database?.remove();
});

describe("a worker killed mid-block", () => {
  test("loses its block to the next worker, and the run completes as a single-process run would", async () => {
    const [single, killed] = await Promise.all([
      rankSingle(database, "--results-table", "single"),
      startWorker(sharedRedis, queueName, "--stall-seconds", "2"),
    ]);
    expect(single.status).toBe(0);

    // Two blocks of 1,500 users: the first block a worker takes also fetches and indexes the input, a few hundred
    // ms of work against the few ms between its `taken` line and the kill.
    const coordinator = startCoordinator(database, sharedRedis, queueName, 2);
    const taken = await killed.waitForLine(/^run \d+ block \d\/2: taken$/);
    killed.child.kill("SIGKILL");
    expect(await killed.exited).toEqual({ status: null, signal: "SIGKILL" });
    expect(blocksRanked(killed)).toEqual([]);

    const next = await startWorker(sharedRedis, queueName, "--stall-seconds", "2");
    const status = await exitWithin(coordinator, 30_000, async () => {
      const blocks = new Queue(blockQueue, { connection: redis, prefix: queueName });
      const counts = JSON.stringify(await blocks.getJobCounts());
      await blocks.close();
      return `block jobs ${counts}; the next worker printed:\n${next.lines().join("\n")}`;
    });
    expect(coordinator.stderr()).toBe("");
    expect(status).toBe(0);
    const stdout = coordinator.lines().join("\n");
    const runId = completedRunId(stdout);
    expect(taken).toMatch(new RegExp(`^run ${runId} block `));
    expect(stdout).toContain(`Ranking run ${runId} "user_ranking" complete (queued: 2 blocks on 1 worker)\n`);
    expect(stdout).toContain(`  workers            ${next.name}\n`);
    expect(blocksRanked(next).sort()).toEqual([`${runId} 1/2`, `${runId} 2/2`]);

    const [singleExport, queuedExport] = await Promise.all([exportRun(database, "single"), exportRun(database)]);
    expect(queuedExport.runId).toBe(runId);
    expect(firstDifference(queuedExport.csv, singleExport.csv)).toBeNull();
    expect(rankingRuns(database).map((r) => [r.name, r.status])).toEqual([
      ["single", "complete"],
      ["user_ranking", "complete"],
    ]);
  });
});
