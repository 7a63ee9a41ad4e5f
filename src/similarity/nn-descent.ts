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
import { instantiateKernels, type Kernels } from "./kernels.js";
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
 *  and 13 % less at 1M for the same pairs. */
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

/** Users whose lists are offered to the candidate lists at a time (a 737 KB buffer each side at K = 30). */
const OFFER_USERS = 1024;

/**
 * A run's three memories, each one WebAssembly memory of at most 4 GiB, so that none of them alone bounds the users
 * a run takes: the sets (what a join scores: sets, bitsets, norms, per-worker scratch and update buffers, the
 * floors), the candidate lists, and the graph (ids, scores, flags, sizes, the original ranks). The kernels of each
 * phase work in one of them; descend copies between them what a phase hands to the next.
 */
export interface DescentArenas {
  sets: Arena;
  candidates: Arena;
  graph: Arena;
}

export function descentArenas(): DescentArenas {
  return { sets: new Arena("the sets"), candidates: new Arena("the candidate lists"), graph: new Arena("the graph") };
}

/** One instance of the kernels per memory. */
export interface DescentKernels {
  sets: Kernels;
  candidates: Kernels;
  graph: Kernels;
}

export function descentKernels(job: DescentJob): DescentKernels {
  return {
    sets: instantiateKernels(job.kernels, job.input.memory),
    candidates: instantiateKernels(job.kernels, job.candidateMemory),
    graph: instantiateKernels(job.kernels, job.graphMemory),
  };
}

/** The run's shared arrays (the output lists in shared memory of their own): what a worker receives. */
export interface DescentJob {
  kernels: WebAssembly.Module;
  /** In the sets memory (input.memory). */
  input: PreparedSets;
  params: NnDescentParams;
  out: NeighbourLists;
  /** Internal user i's original index (the input's), when users are renumbered (params.order); else undefined. The
   *  graph's ties are broken by it (its copy in the graph memory). */
  original: Uint32Array | undefined;
  /** Per source, its bitset when it is scored by one (bitsetScored; its sets are then not in the sets' memory). */
  bitsets: (Uint32Array | undefined)[];
  /** The graph, as kernels name a list (list layouts, six u32) and its arrays, in graphMemory. */
  graph: ListStorage;
  graphMemory: WebAssembly.Memory;
  /** The two candidate lists, in candidateMemory. */
  newCandidates: CandidateStorage;
  oldCandidates: CandidateStorage;
  candidateMemory: WebAssembly.Memory;
  /** Per user, the worst score of its list once full, -Infinity before (sets memory): a join writes only updates
   *  that reach one end's floor. Each worker keeps its own range's up to date after each block. */
  floors: Float64Array;
  /** Per user, the (priority, id) its new neighbours must reach to have made its new candidates, two u32 (graph
   *  memory, where markSampled reads them): each worker writes its own range's from the candidate lists. */
  sampled: Uint32Array;
  /** Per worker: its scratch and buffers. */
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
  /** Sets memory: its source descriptor (with its own by-tag arrays), one output row (where the kernels write
   *  per-source J before the row is copied to `out`), its pairs-scored counter. */
  desc: Uint32Array;
  byTag: Float64Array[];
  row: NeighbourLists;
  stats: Float64Array;
  /** Update records as the joins write them (sets memory) and their copy that applyUpdates reads (graph memory). */
  updates: Uint32Array;
  graphUpdates: Uint32Array;
  /** A chunk's new and old candidate ids, copied from the candidate memory for its joins (sets memory). */
  newIds: Int32Array;
  oldIds: Int32Array;
  /** Offers of the graph's lists to the candidate lists as written (graph memory) and their copy that
   *  takeCandidates reads (candidate memory). */
  offers: Uint32Array;
  candidateOffers: Uint32Array;
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

/** Everything a run needs in `arenas`, for `workerCount` threads. `input` is in internal order (user i is original
 *  user original[i]; without `original`, the input's own) and in arenas.sets. */
export function allocateDescent(
  input: PreparedSets,
  arenas: DescentArenas,
  params: NnDescentParams,
  out: NeighbourLists,
  workerCount: number,
  kernels: WebAssembly.Module,
  original?: Uint32Array,
): DescentJob {
  const { sets: arena, candidates, graph } = arenas; // `arena`: the sets' memory, where most arrays go
  const n = input.userCount;
  const K = params.neighbours;
  const mc = params.maxCandidates;
  const alphas = arena.copy(input.alphas);
  // A block's joins, or a chunk's starting lists (at most K users each).
  const maxUpdates = Math.max(Math.min(params.blockUsers, n) * updatesPerUser(mc), CHUNK_USERS * K);
  const maxOffers = OFFER_USERS * 2 * K;
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
    return {
      desc,
      byTag,
      row: allocateLists(1, out.k, input.sources.length, arena),
      stats: arena.alloc(Float64Array, 1),
      updates: arena.alloc(Uint32Array, maxUpdates * 4),
      graphUpdates: graph.alloc(Uint32Array, maxUpdates * 4),
      newIds: arena.alloc(Int32Array, CHUNK_USERS * mc),
      oldIds: arena.alloc(Int32Array, CHUNK_USERS * mc),
      offers: graph.alloc(Uint32Array, maxOffers * 3),
      candidateOffers: candidates.alloc(Uint32Array, maxOffers * 3),
    };
  });
  const ranks = original && graph.copy(original);
  return {
    kernels,
    input,
    params,
    out,
    original,
    bitsets,
    graph: allocateGraph(graph, n, K, ranks),
    graphMemory: graph.memory,
    newCandidates: allocateCandidates(candidates, n, mc),
    oldCandidates: allocateCandidates(candidates, n, mc),
    candidateMemory: candidates.memory,
    floors: arena.alloc(Float64Array, n).fill(-Infinity),
    sampled: graph.alloc(Uint32Array, 2 * n),
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

/** The worst score of internal user u's list once it is full, else -Infinity: what a pair must reach to enter it. */
function floorOf(graph: ListStorage, K: number, u: number): number {
  return graph.sizes[u] === K ? graph.scores[u * K + K - 1] : -Infinity;
}

/**
 * Worker w's part of a run (every worker runs this, the same number of barriers each): the random start, the
 * iterations, then the output rows of its own range. `onIteration` (worker 0 only) hears each iteration's inserts.
 * Returns the iteration count and each iteration's inserts (the same in every worker).
 */
export function descend(job: DescentJob, w: number, kernels: DescentKernels,
  onIteration?: (iteration: number, inserted: number) => void): Omit<NnDescentStats, "pairsScored"> {
  const { input, params, control, workerCount: W, counts, graph, floors, newCandidates, oldCandidates } = job;
  const n = input.userCount;
  const K = params.neighbours;
  const mc = params.maxCandidates;
  const [lo, hi] = ownRange(n, w, W);
  const mine = job.perWorker[w];
  const desc = mine.desc.byteOffset;
  const graphList = graph.layout.byteOffset;
  const seed = params.seed >>> 0;
  const starts = job.starts?.byteOffset ?? 0;
  const stats = mine.stats.byteOffset;
  const updates = mine.updates.byteOffset;
  /** The first `count` update records, from the sets memory to the graph's. */
  const handOver = (count: number) => mine.graphUpdates.set(mine.updates.subarray(0, count * 4));

  // The start writes only each user's own list, so it needs no blocks; it is claimed in chunks like a join.
  let claimBase = 0;
  const chunks = (users: number) => Math.ceil(users / CHUNK_USERS);
  /** Claims chunks of users [from, from + users) until none are left; every worker overshoots by exactly one claim,
   *  so the counter's next base is known to all without a reset. */
  const claimAll = (from: number, users: number, visit: (first: number, last: number) => void) => {
    const total = chunks(users);
    for (let c = Atomics.add(control, NEXT_CHUNK, 1) - claimBase; c < total; c = Atomics.add(control, NEXT_CHUNK, 1) - claimBase) {
      const first = from + c * CHUNK_USERS;
      visit(first, Math.min(first + CHUNK_USERS, from + users));
    }
    claimBase += total + W;
  };
  claimAll(0, n, (first, last) => {
    let count = 0;
    for (let u = first; u < last; u++) count = kernels.sets.initUser(desc, u, n, K, seed, starts, updates, count, stats);
    handOver(count);
    kernels.graph.startLists(graphList, mine.graphUpdates.byteOffset, count);
  });
  barrier(control, W);
  for (let u = lo; u < hi; u++) floors[u] = floorOf(graph, K, u);

  const inserted: number[] = [];
  for (let iteration = 0; iteration < params.iterations; iteration++) {
    buildCandidates(job, kernels, mine, lo, hi, seed, iteration);
    barrier(control, W); // every list's flags offered, and every floor set, before any is marked or read
    kernels.graph.markSampled(graphList, job.sampled.byteOffset, lo, hi, seed, iteration);
    // A join reads only the sets, the candidates and the floors, which no thread changes until the barrier after
    // the block.
    for (let from = 0; from < n; from += params.blockUsers) {
      let count = 0;
      claimAll(from, Math.min(params.blockUsers, n - from), (first, last) => {
        mine.newIds.set(newCandidates.ids.subarray(first * mc, last * mc));
        mine.oldIds.set(oldCandidates.ids.subarray(first * mc, last * mc));
        for (let u = first; u < last; u++) {
          const offset = (u - first) * mc * Int32Array.BYTES_PER_ELEMENT;
          count = kernels.sets.joinUser(desc, mine.newIds.byteOffset + offset, newCandidates.sizes[u],
            mine.oldIds.byteOffset + offset, oldCandidates.sizes[u], floors.byteOffset, updates, count, stats);
        }
      });
      handOver(count);
      counts[w] = count;
      barrier(control, W);
      for (let x = 0; x < W; x++) kernels.graph.applyUpdates(graphList, job.perWorker[x].graphUpdates.byteOffset, counts[x], lo, hi);
      for (let x = 0; x < W; x++) raiseFloors(job, job.perWorker[x].graphUpdates, counts[x], lo, hi);
      barrier(control, W); // counts are read by all before any worker's next block overwrites its own
    }
    counts[w] = kernels.graph.settleFlags(graphList, lo, hi);
    barrier(control, W);
    let total = 0;
    for (let x = 0; x < W; x++) total += counts[x];
    inserted.push(total);
    barrier(control, W); // everyone has read the counts before they are reused
    onIteration?.(iteration, total);
    if (total < params.delta * n * K) break;
  }
  writeRows(job, lo, hi, kernels.sets, mine);
  return { iterations: inserted.length, inserted };
}

/** The candidate lists of users [lo, hi) for an iteration: every list of the graph offered, chunk by chunk, to the
 *  candidate lists of its owner's range; then each one's worst new candidate, for markSampled: its (priority, id)
 *  when the list is full, else (0, 2³² − 1), which every offer beats. */
function buildCandidates(job: DescentJob, kernels: DescentKernels, mine: WorkerArrays, lo: number, hi: number, seed: number, iteration: number): void {
  const { newCandidates, oldCandidates, sampled } = job;
  const n = job.input.userCount;
  newCandidates.sizes.fill(0, lo, hi);
  oldCandidates.sizes.fill(0, lo, hi);
  for (let first = 0; first < n; first += OFFER_USERS) {
    const last = Math.min(first + OFFER_USERS, n);
    const count = kernels.graph.offerCandidates(job.graph.layout.byteOffset, first, last, lo, hi, seed, iteration, mine.offers.byteOffset, 0);
    mine.candidateOffers.set(mine.offers.subarray(0, count * 3));
    kernels.candidates.takeCandidates(newCandidates.layout.byteOffset, oldCandidates.layout.byteOffset, mine.candidateOffers.byteOffset, count);
  }
  const mc = job.params.maxCandidates;
  for (let u = lo; u < hi; u++) {
    const full = newCandidates.sizes[u] === mc;
    sampled[2 * u] = full ? newCandidates.priorities[u * mc + mc - 1] : 0;
    sampled[2 * u + 1] = full ? newCandidates.ids[u * mc + mc - 1] : 0xffffffff;
  }
}

/** The floors of users [lo, hi) that `count` applied update records may have raised. */
function raiseFloors(job: DescentJob, records: Uint32Array, count: number, lo: number, hi: number): void {
  const { floors, graph } = job;
  const K = job.params.neighbours;
  for (let i = 0; i < count; i++) {
    const p = records[4 * i];
    const q = records[4 * i + 1];
    if (p >= lo && p < hi) floors[p] = floorOf(graph, K, p);
    if (q >= lo && q < hi) floors[q] = floorOf(graph, K, q);
  }
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
