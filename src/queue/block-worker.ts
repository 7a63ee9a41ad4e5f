/**
 * A queue worker: takes block jobs, pairs each block's users with the users after them with the exact engine
 * (PairBlocks), and stages the partial lists in Redis for the coordinator. The input is fetched and prepared once
 * per run and kept for the run's next blocks. Blocks run one at a time on this process's thread: start one worker
 * per core. The pairing holds the event loop for the whole block, so BullMQ renews the block's lock only before and
 * after it: --stall-seconds must exceed the longest block, or a live worker's block is taken for stalled.
 */
import os from "node:os";
import { DelayedError, Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { engineVersion } from "../rankings/run-parameters.js";
import { PairBlocks } from "../similarity/pair-blocks.js";
import { blockQueue, type BlockJob, type BlockResult, runKeys, stagedMs } from "./block-jobs.js";
import { openRedis } from "./redis.js";
import { decodeInput, encodePartial } from "./snapshot.js";

export interface BlockWorkerOptions {
  url: string;
  queueName: string;
  /** How long a block's lock lasts, in ms, and how often stalled blocks are looked for: a killed worker's block
   *  goes to another worker after about this long. Default 30000 (BullMQ's). */
  stallMs?: number;
  /** Every block done, and every block of another engine version refused. */
  log?(line: string): void;
  /** Called once when a job of another engine version arrived: the worker put it back and has stopped. */
  onRefused?(message: string): void;
}

export interface RunningBlockWorker {
  /** host:pid, as the coordinator counts workers. */
  name: string;
  close(): Promise<void>;
}

export async function startBlockWorker(options: BlockWorkerOptions): Promise<RunningBlockWorker> {
  const { url, queueName } = options;
  const log = options.log ?? (() => {});
  const name = `${os.hostname()}:${process.pid}`;
  const redis = await openRedis(url);
  let current: { token: string; blocks: Promise<PairBlocks> } | null = null;

  async function engineOf(job: BlockJob): Promise<{ engine: PairBlocks; fetchMs: number }> {
    if (current?.token === job.token) return { engine: await current.blocks, fetchMs: 0 };
    const started = Date.now();
    const keys = runKeys(queueName, job.token);
    // The previous run's index is dropped before the next is built: one run's input in memory at a time.
    current = {
      token: job.token,
      blocks: (async () => {
        const parts: Buffer[] = [];
        for (let c = 0; c < job.chunks; c++) {
          const part = await redis.getBuffer(keys.input(c));
          if (!part) throw new UnrecoverableError(`run ${job.runId}'s input is gone from Redis (its coordinator stopped?)`);
          parts.push(part);
        }
        return new PairBlocks(decodeInput(Buffer.concat(parts)), job.k);
      })(),
    };
    try {
      return { engine: await current.blocks, fetchMs: Date.now() - started };
    } catch (error) {
      current = null;
      throw error;
    }
  }

  let refused = false;
  const worker = new Worker<BlockJob, BlockResult>(
    blockQueue,
    async (job: Job<BlockJob, BlockResult>, token?: string): Promise<BlockResult> => {
      const data = job.data;
      if (data.engineVersion !== engineVersion) {
        // Put back for a worker of the right version, without spending an attempt, and stop taking jobs.
        await job.moveToDelayed(Date.now() + 1000, token);
        if (!refused) {
          refused = true;
          const message =
            `run ${data.runId} was queued by engine version ${data.engineVersion}; this worker runs engine version ${engineVersion}: ` +
            `it refuses the run's blocks and stops (start a worker of version ${data.engineVersion})`;
          // Not awaited: close() waits for this job, which ends with the throw below.
          void stop().then(() => options.onRefused?.(message));
        }
        throw new DelayedError();
      }
      const keys = runKeys(queueName, data.token);
      if (!(await redis.exists(keys.alive))) {
        throw new UnrecoverableError(`run ${data.runId}'s coordinator is gone (no heartbeat): block ${data.block} dropped`);
      }
      log(`run ${data.runId} block ${data.block + 1}/${data.blocks}: taken`);
      const { engine, fetchMs } = await engineOf(data);
      let started = Date.now();
      const partial = engine.pair(data.from, data.to);
      const computeMs = Date.now() - started;
      started = Date.now();
      await redis.set(keys.block(data.block), encodePartial(partial), "PX", stagedMs);
      const stagingMs = Date.now() - started;
      log(`run ${data.runId} block ${data.block + 1}/${data.blocks}: users ${data.from}..${data.to - 1} in ${computeMs} ms`);
      return { worker: name, fetchMs, computeMs, stagingMs, accumulations: partial.accumulations };
    },
    {
      connection: redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: queueName,
      concurrency: 1,
      lockDuration: options.stallMs ?? 30_000,
      stalledInterval: options.stallMs ?? 30_000,
      // A block whose worker died twice is still worth a third worker; a block that throws has its attempts.
      maxStalledCount: 3,
    },
  );
  worker.on("error", () => {}); // connection drops: ioredis reconnects, BullMQ resumes
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= worker.close().then(() => {
      redis.disconnect();
    }));
  await worker.waitUntilReady();
  return { name, close: stop };
}
