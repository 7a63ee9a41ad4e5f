/**
 * The approximate method's entry points: NN-Descent (nn-descent.ts) on the calling thread or on worker threads, with
 * the same lists either way and for any worker count. Scores are exact; only completeness is approximate (recall.ts
 * measures it).
 */
import os from "node:os";
import { allFinished, bundled, startWorker } from "../threads/start-worker.js";
import type { Arena } from "./arena.js";
import { kernelModule } from "./kernels.js";
import { localityOrder, permuteInput } from "./locality.js";
import {
  allocateDescent, bitsetScored, DEFAULT_PARAMS, descend, descentArenas, type DescentArenas, descentKernels, type DescentJob, FINISHED,
  type NnDescentParams, type NnDescentStats,
} from "./nn-descent.js";
import { prepareSets } from "./prepared-input.js";
import { allocateLists } from "./rank-users.js";
import type { EngineInput, NeighbourLists } from "./types.js";
import { validateInput, validateWorkers } from "./validate.js";

export interface ApproximateResult {
  lists: NeighbourLists;
  /** The parameters used, defaults filled in: what a run stores. */
  params: NnDescentParams;
  stats: NnDescentStats;
  /** Bytes of each of the run's memories (WebAssembly memories of at most 4 GiB each: nn-descent.ts,
   *  DescentArenas): what bounds the users a run can take. */
  memoryBytes: { sets: number; candidates: number; graph: number };
}

export interface ApproximateOptions extends Partial<NnDescentParams> {
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /** Called after each iteration with its number (from 0) and the entries it inserted. */
  onIteration?(iteration: number, inserted: number): void;
}

export type DescentWorkerMessage =
  | { kind: "iteration"; iteration: number; inserted: number }
  | { kind: "finished"; stats: Omit<NnDescentStats, "pairsScored">; pairsScored: number };

/** The parameters with defaults filled in, checked; messages name the value. */
export function descentParams(k: number, given: Partial<NnDescentParams>): NnDescentParams {
  const params: NnDescentParams = { ...DEFAULT_PARAMS, ...definedOnly(given) };
  if (given.neighbours === undefined) params.neighbours = Math.max(params.neighbours, k);
  const positive = (name: "neighbours" | "maxCandidates" | "iterations" | "blockUsers") => {
    const value = params[name];
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  };
  positive("neighbours");
  positive("maxCandidates");
  positive("iterations");
  positive("blockUsers");
  if (params.neighbours < k) throw new RangeError(`neighbours must be at least k = ${k}, got ${params.neighbours}`);
  if (!(params.delta >= 0 && params.delta < 1)) throw new RangeError(`delta must be in [0, 1), got ${params.delta}`);
  if (params.order !== "locality" && params.order !== "index") {
    throw new RangeError(`order must be "locality" or "index", got ${String(params.order)}`);
  }
  if (params.start !== "random" && params.start !== "sorted") {
    throw new RangeError(`start must be "random" or "sorted", got ${String(params.start)}`);
  }
  if (!Number.isInteger(params.seed) || params.seed < 0 || params.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in 0..4294967295, got ${params.seed}`);
  }
  return params;
}

function definedOnly(given: Partial<NnDescentParams>): Partial<NnDescentParams> {
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

function paramsOf(options: ApproximateOptions): Partial<NnDescentParams> {
  const { neighbours, maxCandidates, iterations, delta, seed, start, blockUsers, order } = options;
  return { neighbours, maxCandidates, iterations, delta, seed, start, blockUsers, order };
}

/** Approximate top-k lists of every user on this thread (row i = user i). */
export function approximateUsers(input: EngineInput, k: number, options: ApproximateOptions = {}): ApproximateResult {
  validateInput(input, k);
  const params = descentParams(k, paramsOf(options));
  const arenas = descentArenas();
  const lists = allocateLists(input.userCount, k, input.sources.length, "shared");
  if (input.userCount === 0) return { lists, params, stats: { iterations: 0, inserted: [], pairsScored: 0 }, memoryBytes: bytesOf(arenas) };
  const job = prepareDescent(input, arenas, params, lists, 1);
  const stats = descend(job, 0, descentKernels(job), options.onIteration);
  return { lists, params, stats: { ...stats, pairsScored: job.perWorker[0].stats[0] }, memoryBytes: bytesOf(arenas) };
}

function bytesOf(arenas: DescentArenas): ApproximateResult["memoryBytes"] {
  const bytes = (arena: Arena) => arena.memory.buffer.byteLength;
  return { sets: bytes(arenas.sets), candidates: bytes(arenas.candidates), graph: bytes(arenas.graph) };
}

/** The run's arrays in `arenas`, the input renumbered first when params.order asks for it. */
function prepareDescent(input: EngineInput, arenas: DescentArenas, params: NnDescentParams, lists: NeighbourLists, workers: number): DescentJob {
  const order = params.order === "locality" ? localityOrder(input) : undefined;
  const internal = order ? permuteInput(input, order) : input;
  // A source scored by bitset needs only its norms in the arena (nn-descent.ts builds the bitset from its sets).
  const sets = prepareSets(internal, arenas.sets, internal.sources.map((s) => !bitsetScored(s)));
  return allocateDescent(sets, arenas, params, lists, workers, kernelModule(), order);
}

const descentWorker = new URL("./nn-descent-worker.ts", import.meta.url);

/** The same lists as approximateUsers, on `workers` threads. Rejects with "worker died: ..." if one fails. */
export async function approximateAllUsers(input: EngineInput, k: number, options: ApproximateOptions = {}): Promise<ApproximateResult> {
  validateInput(input, k);
  const params = descentParams(k, paramsOf(options));
  const workers = options.workers ?? os.availableParallelism();
  validateWorkers(workers);
  if (input.userCount === 0) return approximateUsers(input, k, options);
  void bundled(descentWorker);
  const arenas = descentArenas();
  const lists = allocateLists(input.userCount, k, input.sources.length, "shared");
  const job = prepareDescent(input, arenas, params, lists, workers);
  const stats = await runDescentWorkers(job, options.onIteration);
  return { lists, params, stats, memoryBytes: bytesOf(arenas) };
}

async function runDescentWorkers(job: DescentJob, onIteration: ApproximateOptions["onIteration"]): Promise<NnDescentStats> {
  const started = await Promise.all(Array.from({ length: job.workerCount }, (_, w) => startWorker(descentWorker, { job, w })));
  let pairsScored = 0;
  let stats: Omit<NnDescentStats, "pairsScored"> | undefined;
  await allFinished<DescentWorkerMessage>(started, (message) => {
    if (message.kind === "iteration") {
      onIteration?.(message.iteration, message.inserted);
      return false;
    }
    pairsScored += message.pairsScored;
    stats = message.stats;
    return true;
  });
  const written = Atomics.load(job.control, FINISHED);
  if (written !== started.length) throw new Error(`${written} of ${started.length} workers wrote their rows, yet all reported finished`);
  return { ...stats!, pairsScored };
}
