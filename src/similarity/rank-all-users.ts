/**
 * Ranking every user on worker threads. The prepared input, the shared bounds, each worker's heaps and scratch live
 * in one Arena (a shared WebAssembly.Memory, which the kernels work on): workers get shared
 * memory, never per-user objects. Workers claim blocks of
 * users from Atomics counters, so a slow block never idles the others: first each offers the pairs (u, v > u) of
 * its blocks to its own heaps, then, once all are done, each merges the heaps of its blocks' users into the output.
 * A user's list is the top k of all its pairs under a strict order, however the pairs were split, so the lists are
 * identical for any number of workers (and equal to rankUsers').
 */
import os from "node:os";
import { allFinished, bundled, startWorker } from "../threads/start-worker.js";
import { Arena } from "./arena.js";
import { kernelModule } from "./kernels.js";
import { prepareInput, type PreparedInput } from "./prepared-input.js";
import { allocateScratch, type RankerScratch } from "./ranker.js";
import { allocateLists, heapCapacity } from "./rank-users.js";
import { type HeapStorage, TopKHeaps } from "./top-k.js";
import type { EngineInput, NeighbourLists } from "./types.js";
import { validateInput, validateWorkers } from "./validate.js";

export interface RankAllOptions {
  /** Worker threads to start; default os.availableParallelism(). Never more than there are blocks of users. */
  workers?: number;
  /** Called after each block of users has been paired, with the users paired so far and the total. */
  onProgress?(done: number, total: number): void;
}

/** What a worker receives: shared buffers and numbers only. */
export interface WorkerJob {
  /** kernels.wasm, compiled once by the main thread. */
  kernels: WebAssembly.Module;
  input: PreparedInput;
  out: NeighbourLists;
  /** This worker's index into heapStorage. */
  worker: number;
  /** This worker's scratch, in the arena that holds `input`. */
  scratch: RankerScratch;
  /** One row in the arena, where this worker's kernels write a user's list before it is copied to `out` (shared
   *  memory outside the arena). */
  row: NeighbourLists;
  /** A one-owner set of heaps where this worker merges a user's heaps from every worker. */
  merged: HeapStorage;
  /** One set of heaps per worker, indexed by user. */
  heapStorage: HeapStorage[];
  /** The same heaps as the kernels name them (each layout's offset), for merging. */
  heapSets: Uint32Array;
  /** Per user, the best floor any worker's heaps have reached, shared so each worker's filter drops what another's
   *  heaps already beat (Ranker's `bounds`), in the arena. */
  bounds: Int32Array;
  /** Shared counters, at the indices below: next pairing block, next merge block, workers paired, workers merged. */
  control: Int32Array;
  pairCounter: number;
  mergeCounter: number;
  pairedCounter: number;
  mergedCounter: number;
  blockSize: number;
}

export type WorkerMessage =
  | { kind: "block"; users: number }
  | { kind: "paired" }
  | { kind: "finished"; accumulations: number };

/** Users per claimed block: small enough to balance a few workers over ~10k users whose work differs a lot (low
 *  indices pair with more users), large enough that claiming and progress messages cost nothing next to the work. */
const BLOCK_SIZE = 32;

const rankWorker = new URL("./rank-worker.ts", import.meta.url);

/** Top-k neighbours of every user (row i = user i), computed on worker threads; the same lists as rankUsers for
 *  any worker count. 0 users resolves to empty lists without starting a worker. Rejects on invalid arguments
 *  (naming the value) and with "worker died: ..." as soon as any worker errors or exits early. */
export async function rankAllUsers(input: EngineInput, k: number, opts: RankAllOptions = {}): Promise<NeighbourLists> {
  validateInput(input, k);
  const workers = opts.workers ?? os.availableParallelism();
  validateWorkers(workers);
  if (input.userCount === 0) return allocateLists(0, k, input.sources.length, "shared");
  void bundled(rankWorker); // built while the input is prepared (a failed build is retried, and reported, below)
  const arena = new Arena();
  return runWorkers(prepareInput(input, arena), arena, k, workers, opts.onProgress, rankWorker);
}

/** Runs `script` (the worker module; tests swap in one that dies) on `workerCount` threads over an input prepared in
 *  `arena`, and gathers their lists. */
export async function runWorkers(
  input: PreparedInput,
  arena: Arena,
  k: number,
  workerCount: number,
  onProgress: RankAllOptions["onProgress"],
  script: URL,
): Promise<NeighbourLists> {
  const total = input.userCount;
  const count = Math.min(workerCount, Math.ceil(total / BLOCK_SIZE));
  const capacity = heapCapacity(k, total);
  const out = allocateLists(total, k, input.sources.length, "shared");
  const heapStorage = Array.from({ length: count }, () => TopKHeaps.allocate(arena, total, capacity));
  const heapSets = arena.copy(Uint32Array.from(heapStorage, (storage) => storage.layout.byteOffset));
  const bounds = arena.alloc(Int32Array, total).fill(-1);
  const control = new Int32Array(new SharedArrayBuffer(4 * 4));
  const counters = { pairCounter: 0, mergeCounter: 1, pairedCounter: 2, mergedCounter: 3 };
  const kernels = kernelModule();
  const job = (worker: number): WorkerJob => ({
    kernels,
    input,
    out,
    worker,
    scratch: allocateScratch(input, arena),
    row: allocateLists(1, k, input.sources.length, arena),
    merged: TopKHeaps.allocate(arena, 1, capacity),
    heapStorage,
    heapSets,
    bounds,
    control,
    ...counters,
    blockSize: BLOCK_SIZE,
  });

  const started = await Promise.all(Array.from({ length: count }, (_, i) => startWorker(script, job(i))));
  let paired = 0;
  let done = 0;
  await allFinished<WorkerMessage>(started, (message) => {
    if (message.kind === "block") {
      done += message.users;
      onProgress?.(done, total); // a throw here is the caller's own error: allFinished stops the run and hands it back
      return false;
    }
    if (message.kind === "paired") {
      if (++paired === count) for (const w of started) w.postMessage("merge");
      return false;
    }
    out.accumulations += message.accumulations;
    return true;
  });
  // This atomic read orders every worker's writes to `out` (each ends on an atomic add) before ours.
  const merged = Atomics.load(control, counters.mergedCounter);
  if (merged !== count) throw new Error(`${merged} of ${count} workers merged, yet all reported finished`);
  return out;
}
