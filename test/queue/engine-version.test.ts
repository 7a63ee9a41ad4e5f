// A block job queued by a coordinator of a newer engine: this version's worker refuses it with one line naming both
// versions and stops, and the job stays queued for a worker of the right version, no attempt spent.
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, test } from "vitest";
import { type BlockJob, blockQueue } from "../../src/queue/block-jobs.js";
import { engineVersion } from "../../src/rankings/run-parameters.js";
import { killStarted, queueNameFor, removeQueueKeys, sharedRedis, startWorker } from "./queue-bed.js";

const queueName = queueNameFor(import.meta.filename);
const redis = new Redis(sharedRedis);
const blocks = new Queue<BlockJob>(blockQueue, { connection: redis, prefix: queueName });

afterAll(async () => {
  await killStarted();
  await blocks.close();
  redis.disconnect();
  await removeQueueKeys(sharedRedis, queueName);
});

describe("a block job of another engine version", () => {
  test("is refused by the worker, which exits with one line and leaves the job queued", async () => {
    // As a coordinator of the next engine version would queue it (the job carries ids and ranges, never the input).
    const newer = engineVersion + 1;
    const job = await blocks.add("run 41 block 0", {
      runId: 41, token: randomUUID(), engineVersion: newer, chunks: 1, k: 20, block: 0, blocks: 1, from: 0, to: 10,
    }, { attempts: 3 });

    const worker = await startWorker(sharedRedis, queueName, "--stall-seconds", "5");
    const { status } = await worker.exited;
    expect(worker.stderr()).toBe(
      `! run 41 was queued by engine version ${newer}; this worker runs engine version ${engineVersion}: ` +
        `it refuses the run's blocks and stops (start a worker of version ${newer})\n`,
    );
    expect(worker.lines()).toHaveLength(1); // the ready line: the block was never taken
    expect(status).toBe(1);

    const left = (await blocks.getJob(job.id!))!;
    expect(["delayed", "waiting"]).toContain(await left.getState());
    expect(left.attemptsMade).toBe(0);
    expect(left.failedReason).toBeUndefined();
    expect(await blocks.getFailedCount()).toBe(0);
  });
});
