/**
 * The approximate method: NN-Descent (Dong, Charikar and Li, "Efficient K-Nearest Neighbor Graph Construction for
 * Generic Similarity Measures", WWW 2011), after PyNNDescent's `nn_descent` (new/old flags, a bounded number of
 * candidates per user, early stop once an iteration changes fewer than delta · N · K entries). Only completeness is
 * approximate: every pair it lists is scored by the same arithmetic as the exact engine (wasm/kernels.ts, "approximate:
 * NN-Descent"), so its score and per-source J are bit-for-bit the exact engine's, and the lists are the top k by the
 * same strict order of the pairs it found.
 *
 * Each user keeps `neighbours` (K) entries internally, sorted best first, starting from K users drawn at random.
 * An iteration: (1) each user's candidates: its neighbours and the users that list it, split by the new flag, at most
 * `maxCandidates` of each kind, those of highest priority (a hash of seed, iteration and the pair); (2) the new
 * neighbours that made the candidates become old; (3) the local join: for each user, every pair of its new
 * candidates and each new with each old one is scored, and offered to both users' lists. The iteration ends early
 * when fewer than delta · N · K entries changed.
 *
 * Determinism whatever the number of threads: every random draw is a hash, not a stream; every list keeps the best
 * of the distinct ids offered under a strict order, whatever their order; candidates are built from the graph as the
 * iteration found it; and the join goes in fixed blocks of `blockUsers` users: all threads score a block's pairs
 * against the lists as they stood before it (read only), then each thread applies all of the block's updates to the
 * lists of its own range of users. So the lists depend on the input, k and the parameters only.
 */
import { Arena } from "./arena.js";
import type { Kernels } from "./kernels.js";
import type { PreparedSets } from "./prepared-input.js";
import { allocateLists, copyRow } from "./rank-users.js";
import type { NeighbourLists, WeightedSets } from "./types.js";

/** The method's knobs; a run stores them beside its lists. */
export interface NnDescentParams {
  /** K: neighbours kept per user while descending (the lists are cut to k at the end); ≥ k. */
  neighbours: number;
  /** Most new (and most old) candidates per user and iteration. */
  maxCandidates: number;
  /** Most iterations. */
  iterations: number;
  /** Stop once an iteration inserts fewer than delta · N · K entries. */
  delta: number;
  /** Every random draw is a hash of this (a 32-bit unsigned integer). */
  seed: number;
  /** The starting lists: "random" (K users drawn per user) or "sorted" (each user's nearest positions in a few
   *  orderings of the users by MinHash keys of their tags: users sharing their rarest-hashed tags sit together). */
  start: "random" | "sorted";
  /** Users per join block: the lists a block's pairs are checked against are those before the block. Any value
   *  gives lists independent of the thread count; different values give (slightly) different lists. */
  blockUsers: number;
  /** Where users sit in memory while descending: "locality" (locality.ts: likely neighbours together) or "index"
   *  (the input's order). Ties still go to the smaller original index either way. */
  order: "locality" | "index";
}

/** Measured at 100k and 1M synthetic users (README, "Approximate method"): 30 kept, cut to 20, reached the recall
 *  target where keeping 20 did not at 1M in the prototype; the locality order cost 22-27 % less CPU at 100k
 *  for the same pairs. */
export const DEFAULT_PARAMS: NnDescentParams = {
  neighbours: 30,
  maxCandidates: 30,
  iterations: 12,
  delta: 0.001,
  seed: 1,
  start: "random",
  blockUsers: 2048,
  order: "locality",
};

export interface NnDescentStats {
  /** Iterations run (≤ params.iterations). */
  iterations: number;
  /** Entries inserted into the lists per iteration. */
  inserted: number[];
  /** Pairs scored in all (random start and joins). */
  pairsScored: number;
}

/** Users claimed at a time within a join block. */
export const CHUNK_USERS = 16;

/** The run's shared arrays, all in one arena but the output lists (shared memory of their own): what a worker
 *  receives. */
export interface DescentJob {
  kernels: WebAssembly.Module;
  input: PreparedSets;
  params: NnDescentParams;
  out: NeighbourLists;
  /** Internal user i's original index (the input's), when users are renumbered (params.order); else undefined. The
   *  graph's ties are broken by it. */
  original: Uint32Array | undefined;
  /** Per source, its bitset when it is scored by one (bitsetScored; its sets are then outside the arena). */
  bitsets: (Uint32Array | undefined)[];
  /** The graph and the two candidate lists, as kernels name them (list layouts, six u32 each), and their arrays. */
  graph: ListStorage;
  newCandidates: CandidateStorage;
  oldCandidates: CandidateStorage;
  /** Per worker: its source descriptor (with its own by-tag arrays), update buffer and pairs-scored counter. */
  perWorker: WorkerArrays[];
  /** Per worker: updates in its buffer for the current block, then entries inserted in the current iteration. */
  counts: Int32Array;
  /** With the sorted start, K starting neighbours per user (sortedStarts); else undefined. */
  starts: Uint32Array | undefined;
  /** Barrier and chunk counter (not in the arena: only Atomics touch it). */
  control: Int32Array;
  workerCount: number;
}

export interface ListStorage {
  layout: Uint32Array;
  ids: Int32Array;
  scores: Float64Array;
  sizes: Uint32Array;
}

/** A candidate list: the layout of a list whose scores are u32 priorities, without flags or ranks. */
export interface CandidateStorage {
  layout: Uint32Array;
  ids: Int32Array;
  priorities: Uint32Array;
  sizes: Uint32Array;
}

export interface WorkerArrays {
  desc: Uint32Array;
  byTag: Float64Array[];
  /** One output row, where the kernels write per-source J before the row is copied to `out`. */
  row: NeighbourLists;
  updates: Uint32Array;
  stats: Float64Array;
}

const ARRIVED = 0;
const GENERATION = 1;
const NEXT_CHUNK = 2;
/** Workers whose output rows are written: each adds 1 after its last write, the main thread reads it before the rows. */
export const FINISHED = 3;

function allocateGraph(arena: Arena, owners: number, capacity: number, ranks?: Uint32Array): ListStorage {
  const ids = arena.alloc(Int32Array, owners * capacity);
  const scores = arena.alloc(Float64Array, owners * capacity);
  const flags = arena.alloc(Uint32Array, owners * capacity);
  const sizes = arena.alloc(Uint32Array, owners);
  const layout = arena.copy(
    Uint32Array.of(capacity, ids.byteOffset, scores.byteOffset, flags.byteOffset, sizes.byteOffset, ranks?.byteOffset ?? 0),
  );
  return { layout, ids, scores, sizes };
}

function allocateCandidates(arena: Arena, owners: number, capacity: number): CandidateStorage {
  const ids = arena.alloc(Int32Array, owners * capacity);
  const priorities = arena.alloc(Uint32Array, owners * capacity);
  const sizes = arena.alloc(Uint32Array, owners);
  const layout = arena.copy(Uint32Array.of(capacity, ids.byteOffset, priorities.byteOffset, 0, sizes.byteOffset, 0));
  return { layout, ids, priorities, sizes };
}

/** Tags past which a unit-weight source is walked rather than given a bitset (16 words a user). */
const MAX_BITSET_TAGS = 1024;

function wordsPerUser(tagCount: number): number {
  return Math.max(1, Math.ceil(tagCount / 64));
}

/** Whether a source is scored by bitset: few enough tags, every weight 1. Its sets are then read only here, in
 *  JavaScript, to build the bitset. */
export function bitsetScored(sets: WeightedSets): boolean {
  return sets.tagCount <= MAX_BITSET_TAGS && sets.weights.every((w) => w === 1);
}

/** One bit per (user, tag) of a unit-weight source, u64 words, tag t at bit t % 64 of word t / 64. */
function bitsetOf(sets: WeightedSets, n: number, arena: Arena): Uint32Array {
  const words = wordsPerUser(sets.tagCount);
  const bits = arena.alloc(Uint32Array, n * words * 2);
  for (let u = 0; u < n; u++) {
    for (let j = sets.offsets[u]; j < sets.offsets[u + 1]; j++) {
      const t = sets.tagIds[j];
      bits[u * words * 2 + (t >>> 5)] |= 1 << (t & 31);
    }
  }
  return bits;
}

/** Largest number of updates one user's join can write: every pair of new candidates and every new-old pair. */
function updatesPerUser(maxCandidates: number): number {
  return (maxCandidates * (maxCandidates - 1)) / 2 + maxCandidates * maxCandidates;
}

/** Everything a run needs in `arena`, for `workerCount` threads. `input` is in internal order: user i is original
 *  user original[i] (without `original`, the input's own). */
export function allocateDescent(
  input: PreparedSets,
  arena: Arena,
  params: NnDescentParams,
  out: NeighbourLists,
  workerCount: number,
  kernels: WebAssembly.Module,
  original?: Uint32Array,
): DescentJob {
  const n = input.userCount;
  const K = params.neighbours;
  const mc = params.maxCandidates;
  const alphas = arena.copy(input.alphas);
  const blockUpdates = Math.min(params.blockUsers, n) * updatesPerUser(mc);
  const bitsets = input.sources.map(({ sets }) => (bitsetScored(sets) ? bitsetOf(sets, n, arena) : undefined));
  const sameWeight = input.sources.map(({ sets }) => (sets.weights.every((w) => w === sets.weights[0]) ? 1 : 0));
  const perWorker = Array.from({ length: workerCount }, (): WorkerArrays => {
    const byTag = input.sources.map(({ sets }) => arena.alloc(Float64Array, sets.tagCount));
    const desc = arena.copy(
      Uint32Array.from([
        input.sources.length,
        input.masks.byteOffset,
        input.alphaSums.byteOffset,
        alphas.byteOffset,
        ...input.sources.flatMap(({ sets, norms }, s) => [
          // 0 for a bitset source's sets, which are not in the arena.
          bitsets[s] ? 0 : sets.offsets.byteOffset,
          bitsets[s] ? 0 : sets.tagIds.byteOffset,
          bitsets[s] ? 0 : sets.weights.byteOffset,
          norms.byteOffset,
          byTag[s].byteOffset,
          sameWeight[s],
          bitsets[s]?.byteOffset ?? 0,
          bitsets[s] === undefined ? 0 : wordsPerUser(sets.tagCount),
        ]),
      ]),
    );
    const row = allocateLists(1, out.k, input.sources.length, arena);
    return { desc, byTag, row, updates: arena.alloc(Uint32Array, blockUpdates * 4), stats: arena.alloc(Float64Array, 1) };
  });
  const ranks = original && arena.copy(original);
  return {
    kernels,
    input,
    params,
    out,
    original: ranks,
    bitsets,
    graph: allocateGraph(arena, n, K, ranks),
    newCandidates: allocateCandidates(arena, n, mc),
    oldCandidates: allocateCandidates(arena, n, mc),
    perWorker,
    counts: arena.alloc(Int32Array, workerCount),
    starts: params.start === "sorted" ? sortedStarts(input, K, params.seed, arena) : undefined,
    control: new Int32Array(new SharedArrayBuffer(4 * 4)),
    workerCount,
  };
}

/** murmur3's 32-bit finaliser, as the kernels' mix (locality.ts hashes with it too). */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * K starting neighbours per user from orderings of the users (one per 10 neighbours): ordering j sorts users by
 * (min hash, second min hash) of their (source, tag) pairs under hashes drawn from the seed, then index, and each
 * user takes the K / (2 · orderings) users either side of it in each. Users share a key when they share the tag
 * whose hash is least among theirs, so neighbours in an ordering share tags. Slots left over hold the user itself
 * (none). On the calling thread, before any worker starts; O(orderings · (entries + N log N)).
 */
export function sortedStarts(input: PreparedSets, K: number, seed: number, arena: Arena): Uint32Array {
  const n = input.userCount;
  const orderings = Math.max(1, Math.round(K / 10));
  const side = Math.max(1, Math.floor(K / (2 * orderings)));
  const starts = arena.alloc(Uint32Array, n * K);
  for (let u = 0; u < n; u++) starts.fill(u, u * K, u * K + K);
  const first = new Uint32Array(n);
  const second = new Uint32Array(n);
  const order = new Uint32Array(n);
  const filled = new Uint32Array(n);
  for (let j = 0; j < orderings; j++) {
    const h1 = mix(seed ^ mix(2 * j + 1));
    const h2 = mix(seed ^ mix(2 * j + 2));
    first.fill(0xffffffff);
    second.fill(0xffffffff);
    input.sources.forEach(({ sets }, s) => {
      for (let u = 0; u < n; u++) {
        for (let e = sets.offsets[u]; e < sets.offsets[u + 1]; e++) {
          const key = (s << 24) | sets.tagIds[e];
          const a = mix(key ^ h1);
          const b = mix(key ^ h2);
          if (a < first[u]) first[u] = a;
          if (b < second[u]) second[u] = b;
        }
      }
    });
    for (let u = 0; u < n; u++) order[u] = u;
    order.sort((a, b) => first[a] - first[b] || second[a] - second[b] || a - b);
    for (let i = 0; i < n; i++) {
      const u = order[i];
      for (let d = 1; d <= side; d++) {
        for (const at of [i - d, i + d]) {
          if (at < 0 || at >= n || filled[u] === K) continue;
          starts[u * K + filled[u]++] = order[at];
        }
      }
    }
  }
  return starts;
}

/** Users [from, to) of worker w's own range: where it builds candidates, applies updates and writes output. */
function ownRange(n: number, w: number, workers: number): [number, number] {
  return [Math.floor((w * n) / workers), Math.floor(((w + 1) * n) / workers)];
}

/** Waits until all `workers` threads have arrived (one thread: returns at once). */
function barrier(control: Int32Array, workers: number): void {
  const generation = Atomics.load(control, GENERATION);
  if (Atomics.add(control, ARRIVED, 1) === workers - 1) {
    Atomics.store(control, ARRIVED, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
  } else {
    while (Atomics.load(control, GENERATION) === generation) Atomics.wait(control, GENERATION, generation);
  }
}

/**
 * Worker w's part of a run (every worker runs this, the same number of barriers each): the random start, the
 * iterations, then the output rows of its own range. `onIteration` (worker 0 only) hears each iteration's inserts.
 * Returns the iteration count and each iteration's inserts (the same in every worker).
 */
export function descend(job: DescentJob, w: number, kernels: Kernels,
  onIteration?: (iteration: number, inserted: number) => void): Omit<NnDescentStats, "pairsScored"> {
  const { input, params, control, workerCount: W, counts } = job;
  const n = input.userCount;
  const K = params.neighbours;
  const [lo, hi] = ownRange(n, w, W);
  const mine = job.perWorker[w];
  const desc = mine.desc.byteOffset;
  const graph = job.graph.layout.byteOffset;
  const newC = job.newCandidates.layout.byteOffset;
  const oldC = job.oldCandidates.layout.byteOffset;
  const seed = params.seed >>> 0;
  const starts = job.starts?.byteOffset ?? 0;

  // The start writes only each user's own list, so it needs no blocks; it is claimed in chunks like a join.
  let claimBase = 0;
  const chunks = (users: number) => Math.ceil(users / CHUNK_USERS);
  /** Claims chunks of users [from, from + users) until none are left; every worker overshoots by exactly one claim,
   *  so the counter's next base is known to all without a reset. */
  const claimAll = (from: number, users: number, visit: (u: number) => void) => {
    const total = chunks(users);
    for (let c = Atomics.add(control, NEXT_CHUNK, 1) - claimBase; c < total; c = Atomics.add(control, NEXT_CHUNK, 1) - claimBase) {
      const first = from + c * CHUNK_USERS;
      const last = Math.min(first + CHUNK_USERS, from + users);
      for (let u = first; u < last; u++) visit(u);
    }
    claimBase += total + W;
  };
  claimAll(0, n, (u) => {
    mine.stats[0] += kernels.initUser(desc, graph, u, n, K, seed, starts);
  });
  barrier(control, W);

  const inserted: number[] = [];
  for (let iteration = 0; iteration < params.iterations; iteration++) {
    kernels.buildCandidates(graph, newC, oldC, n, lo, hi, seed, iteration);
    barrier(control, W); // every list's flags read before any is marked
    kernels.markSampled(graph, newC, lo, hi, seed, iteration);
    // A join reads only the graph's ids and scores, which no thread changes until the barrier after the block.
    for (let from = 0; from < n; from += params.blockUsers) {
      const users = Math.min(params.blockUsers, n - from);
      let count = 0;
      const updates = mine.updates.byteOffset;
      claimAll(from, users, (u) => {
        count = kernels.joinUser(desc, graph, newC, oldC, u, updates, count, mine.stats.byteOffset);
      });
      counts[w] = count;
      barrier(control, W);
      for (let x = 0; x < W; x++) kernels.applyUpdates(graph, job.perWorker[x].updates.byteOffset, counts[x], lo, hi);
      barrier(control, W); // counts are read by all before any worker's next block overwrites its own
    }
    counts[w] = kernels.settleFlags(graph, lo, hi);
    barrier(control, W);
    let total = 0;
    for (let x = 0; x < W; x++) total += counts[x];
    inserted.push(total);
    barrier(control, W); // everyone has read the counts before they are reused
    onIteration?.(iteration, total);
    if (total < params.delta * n * K) break;
  }
  writeRows(job, lo, hi, kernels, mine);
  return { iterations: inserted.length, inserted };
}

/** Per-source J of internal user u's neighbours in the worker's row: the exact engine's kernel, or for a bitset
 *  source the same formula on the count of shared bits (bitsetPerSource), bit for bit the same. */
function perSourceOf(job: DescentJob, kernels: Kernels, mine: WorkerArrays, u: number): void {
  const { row } = mine;
  const S = job.input.sources.length;
  const neighbours = row.neighbour.byteOffset;
  job.input.sources.forEach(({ sets, norms }, s) => {
    const bits = job.bitsets[s];
    if (bits) {
      kernels.bitsetPerSource(u, row.count[0], neighbours, bits.byteOffset, wordsPerUser(sets.tagCount), norms.byteOffset, row.perSource.byteOffset, S, s);
    } else {
      kernels.perSource(u, row.count[0], neighbours, sets.offsets.byteOffset, sets.tagIds.byteOffset, sets.weights.byteOffset,
        norms.byteOffset, mine.byTag[s].byteOffset, row.perSource.byteOffset, S, s);
    }
  });
}

/** Output rows of internal users [lo, hi): the first k of each list, then per-source J by the exact engine's kernel
 *  (on the internal sets), then the ids as original indices, each row written in the worker's arena row and copied
 *  to the row of the user's original index. */
function writeRows(job: DescentJob, lo: number, hi: number, kernels: Kernels, mine: WorkerArrays): void {
  const { out, graph, input, original } = job;
  const { row } = mine;
  const k = out.k;
  const K = job.params.neighbours;
  for (let u = lo; u < hi; u++) {
    const count = Math.min(graph.sizes[u], k);
    row.count[0] = count;
    row.neighbour.set(graph.ids.subarray(u * K, u * K + count));
    row.score.set(graph.scores.subarray(u * K, u * K + count));
    perSourceOf(job, kernels, mine, u);
    if (original) for (let r = 0; r < count; r++) row.neighbour[r] = original[row.neighbour[r]];
    copyRow(row, 0, out, original ? original[u] : u);
  }
}
