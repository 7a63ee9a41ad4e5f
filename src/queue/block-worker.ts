/**
 * A queue worker: takes block jobs, pairs each block's users with the users after them with the exact engine
 * (PairBlocks), and stages the partial lists in Redis for the coordinator. The input is fetched once per run and
 * kept, prepared, on a thread of its own for the run's next blocks (pair-thread.ts): however long a block takes,
 * this thread's event loop keeps renewing the block's lock. Blocks run one at a time: start one worker per core.
 */
import os from "node:os";
import { DelayedError, Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { engineVersion } from "../rankings/run-parameters.js";
import type { Worker as Thread } from "node:worker_threads";
import type { PartialLists } from "../similarity/pair-blocks.js";
import { kernelModule } from "../similarity/kernels.js";
import type { EngineInput } from "../similarity/types.js";
import { startWorker } from "../threads/start-worker.js";
import type { PairRequest, PairThreadData } from "./pair-thread.js";
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
  let current: { token: string; thread: Promise<PairThread> } | null = null;

  async function threadOf(job: BlockJob): Promise<{ thread: PairThread; fetchMs: number }> {
    if (current?.token === job.token) return { thread: await current.thread, fetchMs: 0 };
    const started = Date.now();
    const keys = runKeys(queueName, job.token);
    // The previous run's thread is stopped before the next starts: one run's input in memory at a time.
    void current?.thread.then((thread) => thread.stop(), () => {});
    current = {
      token: job.token,
      thread: (async () => {
        const parts: Buffer[] = [];
        for (let c = 0; c < job.chunks; c++) {
          const part = await redis.getBuffer(keys.input(c));
          if (!part) throw new UnrecoverableError(`run ${job.runId}'s input is gone from Redis (its coordinator stopped?)`);
          parts.push(part);
        }
        return PairThread.start(decodeInput(Buffer.concat(parts)), job.k);
      })(),
    };
    try {
      return { thread: await current.thread, fetchMs: Date.now() - started };
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
        log(`run ${data.runId} block ${data.block + 1}/${data.blocks}: dropped (the run's coordinator is gone)`);
        throw new UnrecoverableError(`run ${data.runId}'s coordinator is gone (no heartbeat): block ${data.block} dropped`);
      }
      log(`run ${data.runId} block ${data.block + 1}/${data.blocks}: taken`);
      const { thread, fetchMs } = await threadOf(data);
      let started = Date.now();
      const partial = await thread.pair(data.from, data.to);
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
    (stopping ??= worker.close().then(async () => {
      await current?.thread.then((thread) => thread.stop(), () => {});
      redis.disconnect();
    }));
  await worker.waitUntilReady();
  return { name, close: stop };
}

/** PairBlocks on its own thread, one block at a time. A thread that throws or exits fails the block in hand. */
class PairThread {
  private constructor(private readonly thread: Thread) {}

  static async start(input: EngineInput, k: number): Promise<PairThread> {
    const data: PairThreadData = { input, k, kernels: kernelModule() };
    const thread = await startWorker(new URL("./pair-thread.ts", import.meta.url), data);
    const pairs = new PairThread(thread);
    await pairs.reply<"ready">(); // the index is prepared
    return pairs;
  }

  pair(from: number, to: number): Promise<PartialLists> {
    const request: PairRequest = { from, to };
    this.thread.postMessage(request);
    return this.reply<PartialLists>();
  }

  stop(): Promise<number> {
    return this.thread.terminate();
  }

  private reply<T>(): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (finish: () => void) => {
        this.thread.off("message", onMessage).off("error", onError).off("exit", onExit);
        finish();
      };
      const onMessage = (message: T) => settle(() => resolve(message));
      const onError = (error: Error) => settle(() => reject(error));
      const onExit = (code: number) => settle(() => reject(new Error(`the pairing thread exited with code ${code}`)));
      this.thread.on("message", onMessage).on("error", onError).on("exit", onExit);
    });
  }
}
