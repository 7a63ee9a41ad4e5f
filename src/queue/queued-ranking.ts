/**
 * A ranking run fanned out over a BullMQ queue: this process (the coordinator) loads the profiles once, publishes
 * the engine input as a snapshot in Redis, adds one flow whose children are block jobs (fan-out) and whose parent
 * waits for them (fan-in), gathers the partial lists the workers staged in Redis, joins them into every user's
 * exact list (pair-blocks.ts), and completes the run in one transaction through the same store as a single-process
 * run. Workers need Redis only, never the database.
 *
 * Failures: a worker that dies mid-block loses its lock, BullMQ finds the job stalled and hands it to another
 * worker; a block that throws is retried, and after its last attempt fails the run. A coordinator that dies leaves
 * its run "running" (the next run of its name marks it failed) and stops renewing its heartbeat, so workers drop its
 * blocks. A Redis that restarts (it keeps nothing on disk) loses the run's jobs: the coordinator sees the flow gone
 * and fails the run. In every case the previous run stays served, since nothing is written before the gather.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { FlowProducer, Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { redactUrl } from "../database-url.js";
import { UserError } from "../domain/user-error.js";
import { loadProfileArrays } from "../profiles/load-profiles.js";
import { engineInput } from "../rankings/engine-input.js";
import { completeAbsorbing, eventsBeforeLoad } from "../rankings/live-ranking.js";
import type { RankingOptions, RankingStores, RankingSummary } from "../rankings/run-ranking.js";
import { engineVersion, type RunParameters } from "../rankings/run-parameters.js";
import { pairWork } from "../similarity/exact-work.js";
import { listsFromPartials, type PartialLists } from "../similarity/pair-blocks.js";
import {
  aliveMs, type BlockJob, type BlockResult, blockQueue, chunkBytes, defaultBlocks, runKeys, runQueue, splitIntoBlocks,
} from "./block-jobs.js";
import { openRedis } from "./redis.js";
import { decodePartial, encodeInput } from "./snapshot.js";

/** A queued run is exact: NN-Descent joins one shared graph per iteration, which blocks cannot split (docs/DESIGN.md). */
export interface QueuedRankingOptions extends Omit<RankingOptions, "onProgress" | "workers" | "method" | "exactUpTo" | "approximate" | "recallSample"> {
  /** redis:// URL of the queue. */
  url: string;
  /** BullMQ prefix shared with the workers (block-jobs.ts defaultQueueName). */
  queueName: string;
  /** Blocks to split the users into; default from the predicted work (block-jobs.ts workPerBlock). */
  blocks?: number;
  /** Attempts per block before the run fails (a stalled worker's block is retried besides). Default 3. */
  attempts?: number;
  /** How long Redis may go unanswered before the run fails, in ms. Default 15000. */
  redisTimeoutMs?: number;
  onProgress?(progress: QueueProgress): void;
}

export interface QueueProgress {
  phase: "load" | "snapshot" | "blocks" | "gather" | "write";
  blocksDone: number;
  blocks: number;
  /** Workers that have finished a block of this run. */
  workersSeen: number;
  /** Estimated time left for the blocks, in ms; null until one is done. */
  leftMs: number | null;
}

/** The queued run's phases, in ms: what `npm run rank` prints and the cluster bench tabulates. */
export interface QueuePhases {
  loadMs: number;
  snapshotMs: number;
  snapshotBytes: number;
  enqueueMs: number;
  blocksMs: number;
  gatherMs: number;
  writeMs: number;
  /** Medians over blocks of what each worker reported. */
  blockComputeMs: number;
  blockStagingMs: number;
  /** Median over workers of fetching and preparing the snapshot. */
  fetchMs: number;
}

export interface QueuedSummary extends RankingSummary {
  blocks: number;
  workers: string[];
  phases: QueuePhases;
}

const pollMs = 200;

export async function runQueuedRanking(
  { profiles: profileStore, rankings, live }: RankingStores,
  options: QueuedRankingOptions,
  now: () => number = Date.now,
): Promise<QueuedSummary> {
  const { url, queueName, onProgress, name, keep, top, weights, idf } = options;
  const redisTimeoutMs = options.redisTimeoutMs ?? 15_000;
  let redisError: Error | null = null;
  // Connected before the run is started: an unreachable Redis is one line and no failed run.
  const redis = await openRedis(url, { maxRetriesPerRequest: 1 }, (error) => (redisError = error));
  const connection = () => redis.duplicate();
  const token = randomUUID();
  const keys = runKeys(queueName, token);
  const parameters: RunParameters = { top, weights, idf, workers: 1, queued: true, method: "exact" };
  const runId = await rankings.startRun(name, parameters, new Date(now()));
  const resources: { close(): Promise<unknown> }[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  let parent: Job | undefined;
  /** How many input chunks and block results this run can have left in Redis, for the clean-up. */
  let chunks = 0;
  let blocks = 0;
  try {
    let started = now();
    onProgress?.({ phase: "load", blocksDone: 0, blocks: 0, workersSeen: 0, leftMs: null });
    const eventsAtLoad = await eventsBeforeLoad(live);
    const profiles = await loadProfileArrays(profileStore, { idf });
    const input = engineInput(profiles, weights);
    const loadMs = now() - started;

    started = now();
    onProgress?.({ phase: "snapshot", blocksDone: 0, blocks: 0, workersSeen: 0, leftMs: null });
    const ranges = splitIntoBlocks(pairWork(input), options.blocks ?? defaultBlocks);
    blocks = ranges.length;
    const snapshot = encodeInput(input);
    chunks = Math.ceil(snapshot.length / chunkBytes);
    const renew = async () => {
      const pipeline = redis.multi().set(keys.alive, String(runId), "PX", aliveMs);
      for (let c = 0; c < chunks; c++) pipeline.pexpire(keys.input(c), aliveMs);
      await pipeline.exec();
    };
    // The heartbeat beats from before the upload, so a coordinator killed at any point is seen gone within aliveMs.
    await renew();
    heartbeat = setInterval(() => void renew().catch(() => {}), aliveMs / 4);
    for (let c = 0; c < chunks; c++) {
      // The snapshot lives as long as the heartbeat: a dead coordinator's input expires with it.
      await redis.set(keys.input(c), snapshot.subarray(c * chunkBytes, (c + 1) * chunkBytes), "PX", aliveMs);
    }
    const snapshotMs = now() - started;

    started = now();
    const flows = new FlowProducer({ connection: connection(), prefix: queueName });
    const blockJobs = new Queue<BlockJob, BlockResult>(blockQueue, { connection: connection(), prefix: queueName });
    const runJobs = new Queue(runQueue, { connection: connection(), prefix: queueName });
    resources.push(flows, blockJobs, runJobs);
    const jobId = (block: number) => `${token}-${block}`;
    const node = await flows.add({
      name: `run ${runId}`,
      queueName: runQueue,
      opts: { jobId: token, removeOnFail: { age: 3600 } },
      data: { runId },
      children: ranges.map(([from, to], block): { name: string; queueName: string; data: BlockJob; opts: object } => ({
        name: `run ${runId} block ${block}`,
        queueName: blockQueue,
        data: { runId, token, engineVersion, chunks, k: top, block, blocks, from, to },
        // An abandoned run's jobs (its coordinator killed) are dropped by the workers and forgotten after an hour.
        opts: {
          jobId: jobId(block), attempts: options.attempts ?? 3, backoff: { type: "fixed", delay: 500 }, failParentOnFailure: true,
          removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 },
        },
      })),
    });
    parent = node.job;
    const enqueueMs = now() - started;

    started = now();
    let results: Record<string, BlockResult> = {};
    let lastAnswer = now();
    for (;;) {
      await sleep(pollMs);
      let state: string;
      try {
        const job = await Job.fromId(runJobs, token);
        if (!job) {
          throw new UserError(`Redis at ${redactUrl(url)} lost run ${runId}'s jobs (restarted or flushed?): the run failed; the previous run stays served`);
        }
        state = await job.getState();
        results = await job.getChildrenValues<BlockResult>();
        lastAnswer = now();
      } catch (error) {
        if (error instanceof UserError) throw error;
        if (now() - lastAnswer > redisTimeoutMs) {
          throw new UserError(`Redis at ${redactUrl(url)} did not answer for ${redisTimeoutMs / 1000} s (${(redisError ?? (error as Error)).message}): the run failed; the previous run stays served`);
        }
        continue;
      }
      const done = Object.keys(results).length;
      const elapsed = now() - started;
      onProgress?.({
        phase: "blocks",
        blocksDone: done,
        blocks,
        workersSeen: new Set(Object.values(results).map((r) => r.worker)).size,
        leftMs: done === 0 ? null : (elapsed / done) * (blocks - done),
      });
      if (state === "failed") throw new Error(await failedBlock(blockJobs, blocks, jobId));
      if (done === blocks) break;
    }
    const blocksMs = now() - started;

    started = now();
    onProgress?.({ phase: "gather", blocksDone: blocks, blocks, workersSeen: 0, leftMs: 0 });
    const partials: PartialLists[] = [];
    for (let block = 0; block < blocks; block++) {
      const staged = await redis.getBuffer(keys.block(block));
      if (!staged) throw new Error(`block ${block} of run ${runId} is done but its lists are not in Redis (restarted?)`);
      partials.push(decodePartial(staged));
    }
    const lists = listsFromPartials(input, top, partials);
    const gatherMs = now() - started;

    onProgress?.({ phase: "write", blocksDone: blocks, blocks, workersSeen: 0, leftMs: 0 });
    const computeMs = snapshotMs + enqueueMs + blocksMs + gatherMs;
    const { rowCount, writeMs, userCount } = await completeAbsorbing(
      { rankings, live },
      { runId, name, parameters, recall: null, handles: profiles.handles, lists, keep, timings: { loadMs, computeMs } },
      profiles,
      eventsAtLoad,
      now,
    );
    const reports = Object.values(results);
    const workers = [...new Set(reports.map((r) => r.worker))].sort();
    return {
      runId,
      userCount,
      rowCount,
      accumulations: lists.accumulations,
      timings: { loadMs, computeMs, writeMs },
      blocks,
      workers,
      phases: {
        loadMs, snapshotMs, snapshotBytes: snapshot.length, enqueueMs, blocksMs, gatherMs, writeMs,
        blockComputeMs: median(reports.map((r) => r.computeMs)),
        blockStagingMs: median(reports.map((r) => r.stagingMs)),
        fetchMs: median(reports.filter((r) => r.fetchMs > 0).map((r) => r.fetchMs)),
      },
    };
  } catch (error) {
    await rankings.failRun(runId, error instanceof Error ? error.message : String(error), new Date(now()));
    throw error;
  } finally {
    clearInterval(heartbeat);
    // Best effort: a Redis that is gone has nothing left to clean, and the keys expire by themselves.
    await cleanUp(redis, keys, chunks, blocks, parent).catch(() => {});
    for (const resource of resources) await resource.close().catch(() => {});
    redis.disconnect();
  }
}

/** Why the flow failed: the failed block's own reason. */
async function failedBlock(blockJobs: Queue, blocks: number, jobId: (block: number) => string): Promise<string> {
  for (let block = 0; block < blocks; block++) {
    const job = await Job.fromId(blockJobs, jobId(block));
    if (job?.failedReason) return `block ${block} failed after ${job.attemptsMade} attempts: ${job.failedReason}`;
  }
  return "a block failed";
}

/** Removes the run's flow and its keys: the input chunks, the heartbeat and every block's staged lists. */
async function cleanUp(redis: Redis, keys: ReturnType<typeof runKeys>, chunks: number, blocks: number, parent: Job | undefined): Promise<void> {
  await parent?.remove({ removeChildren: true });
  const inputs = Array.from({ length: chunks }, (_, c) => keys.input(c));
  const staged = Array.from({ length: blocks }, (_, b) => keys.block(b));
  await redis.del(keys.alive, ...inputs, ...staged);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

