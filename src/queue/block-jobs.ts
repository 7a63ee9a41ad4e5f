/**
 * What a queued run's coordinator and workers agree on: the queues, the Redis keys of a run, a block job's data
 * and result, and how users are split into blocks. Both sides import this file, and a job carries the engine
 * version that made it, so a worker of another version refuses it instead of ranking with a different engine.
 */
import type { UserIndex } from "../similarity/types.js";

/** The BullMQ queue of block jobs, and of the run jobs that wait for them (a flow: fan-out, then fan-in). */
export const blockQueue = "blocks";
export const runQueue = "runs";

/** BullMQ's key prefix, and ours: deployments (and test files) sharing one Redis keep apart by name. */
export const defaultQueueName = "kindred";

/** A queued run's Redis keys; `token` is unique per queued run, so two databases' run 7 never meet. */
export function runKeys(queueName: string, token: string) {
  const base = `${queueName}:run:${token}`;
  return {
    /** The engine input in chunks 0..n-1 (snapshot.ts's encodeInput, cut into Redis-sized values). */
    input: (chunk: number) => `${base}:input:${chunk}`,
    /** A block's staged partial lists (encodePartial). */
    block: (block: number) => `${base}:block:${block}`,
    /** Set by the coordinator with a short expiry and renewed while it lives: gone means the run is abandoned. */
    alive: `${base}:alive`,
  };
}

/** How long the coordinator's heartbeat lasts: a worker drops a block of a run whose heartbeat is older. */
export const aliveMs = 10_000;
/** How long a staged block waits for the coordinator to read it (long after any live run would). */
export const stagedMs = 3_600_000;
/** Bytes per Redis value of the snapshot: Redis refuses a string over 512 MB. */
export const chunkBytes = 64 << 20;

export interface BlockJob {
  /** The database's run id, for messages. */
  runId: number;
  token: string;
  engineVersion: number;
  /** Chunks of the input snapshot. */
  chunks: number;
  k: number;
  block: number;
  blocks: number;
  /** The block pairs users from..to-1 of the snapshot with the users after them. */
  from: UserIndex;
  to: UserIndex;
}

export interface BlockResult {
  /** host:pid of the worker that ranked it. */
  worker: string;
  /** Fetching and preparing the input, when this block was the worker's first of the run; else 0. */
  fetchMs: number;
  computeMs: number;
  stagingMs: number;
  accumulations: number;
}

/**
 * Contiguous ranges [from, to) of about equal `work` (pairWork: the entries pairing a user with those after it),
 * `blocks` of them or fewer when there are fewer users. Pure.
 */
export function splitIntoBlocks(work: Float64Array, blocks: number): [UserIndex, UserIndex][] {
  const n = work.length;
  if (n === 0) return [];
  const count = Math.min(blocks, n);
  let total = 0;
  for (let u = 0; u < n; u++) total += work[u] + 1; // + 1: a user with no tags still costs a visit
  const ranges: [number, number][] = [];
  let from = 0;
  let sum = 0;
  for (let u = 0; u < n; u++) {
    sum += work[u] + 1;
    const left = count - ranges.length - 1;
    if (left > 0 && sum >= (total * (ranges.length + 1)) / count && n - (u + 1) >= left) {
      ranges.push([from, u + 1]);
      from = u + 1;
    }
  }
  ranges.push([from, n]);
  return ranges;
}

/** Blocks of a run unless --blocks says otherwise. A block stages partial lists for every user after its first, so
 *  what moves through Redis and what the coordinator merges grow with the blocks (about ⅔ · blocks · N · k entries
 *  for equal-work blocks), while fewer blocks balance fewer workers and make a killed worker's block cost more. */
export const defaultBlocks = 8;
