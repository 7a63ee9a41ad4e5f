/** Ranking on the calling thread: every user (each pair visited once) or a range of users (each queried alone).
 *  The algorithm is described at the top of ranker.ts. */
import { Arena, type ArenaArray, type ArenaArrayType } from "./arena.js";
import { instantiateKernels, kernelModule } from "./kernels.js";
import { prepareInput } from "./prepared-input.js";
import { allocateScratch, mergeInto, Ranker } from "./ranker.js";
import { TopKHeaps } from "./top-k.js";
import type { EngineInput, NeighbourLists, UserIndex } from "./types.js";
import { validateInput, validateRange } from "./validate.js";

/** Neighbour lists for `rows` users with room for k each, every slot empty (neighbour -1, score 0, perSource NaN):
 *  in the arena, where the kernels write them; "shared", in shared memory outside any arena, where worker threads
 *  copy rows the kernels wrote in their own arena row (so a run's lists do not take up its 4 GiB arena: 36 bytes a
 *  slot, 0.7 GB at 1M users and k = 20); or, without either, in ordinary memory. */
export function allocateLists(rows: number, k: number, sourceCount: number, where?: Arena | "shared"): NeighbourLists {
  const slots = rows * k;
  const alloc = <T extends ArenaArray>(Type: ArenaArrayType<T>, length: number): T =>
    where instanceof Arena
      ? where.alloc(Type, length)
      : new Type(where === "shared" ? new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT) : new ArrayBuffer(length * Type.BYTES_PER_ELEMENT), 0, length);
  return {
    k,
    count: alloc(Uint32Array, rows),
    neighbour: alloc(Int32Array, slots).fill(-1),
    score: alloc(Float64Array, slots),
    perSource: alloc(Float64Array, slots * sourceCount).fill(NaN),
    accumulations: 0,
  };
}

/** Row `fromRow` of `from` into row `toRow` of `to` (the same k and sources), its filled slots only: the slots past
 *  the count are left as they are (empty, in lists written once). */
export function copyRow(from: NeighbourLists, fromRow: number, to: NeighbourLists, toRow: number): void {
  const { k } = from;
  const count = from.count[fromRow];
  const S = from.perSource.length / Math.max(1, from.score.length);
  to.count[toRow] = count;
  to.neighbour.set(from.neighbour.subarray(fromRow * k, fromRow * k + count), toRow * k);
  to.score.set(from.score.subarray(fromRow * k, fromRow * k + count), toRow * k);
  to.perSource.set(from.perSource.subarray(fromRow * k * S, (fromRow * k + count) * S), toRow * k * S);
}

/** Heap capacity for k neighbours among userCount users: nobody has more than userCount - 1 neighbours, so a huge
 *  k costs no heap memory. */
export function heapCapacity(k: number, userCount: number): number {
  return Math.max(1, Math.min(k, userCount - 1));
}

/** Top-k neighbours of users from..to-1 (default: everyone) on this thread. Row r of the result is user from + r.
 *  k is a positive integer; 0 users (or from = to) gives empty lists. Throws on invalid input, naming the value.
 *  `accumulations` counts inverted-list entries visited: Σ_t df_t(df_t − 1)/2 over all sources for everyone (each
 *  pair once), Σ over the range's tags of df_t for a range. */
export function rankUsers(
  input: EngineInput,
  k: number,
  from: UserIndex = 0,
  to: UserIndex = input.userCount,
): NeighbourLists {
  validateInput(input, k);
  validateRange(input.userCount, from, to);
  if (to - from === input.userCount) return pairEveryone(input, k);
  return new UserQueries(input, k).lists(Int32Array.from({ length: to - from }, (_, r) => from + r));
}

/** Exact top-k lists of the given users, each queried alone against everyone (the path a range takes): row r is
 *  users[r]. For checking another method's lists of a sample of users. */
export function queryUsers(input: EngineInput, k: number, users: ArrayLike<UserIndex>): NeighbourLists {
  validateInput(input, k);
  return new UserQueries(input, k).lists(users);
}

/** Everyone's lists, each pair visited once, on this thread. */
function pairEveryone(input: EngineInput, k: number): NeighbourLists {
  const rows = input.userCount;
  const arena = new Arena();
  const out = allocateLists(rows, k, input.sources.length, "shared");
  if (rows === 0) return out;
  const row = allocateLists(1, k, input.sources.length, arena);
  const prepared = prepareInput(input, arena);
  const bounds = arena.alloc(Int32Array, rows).fill(-1);
  const kernels = instantiateKernels(kernelModule(), arena.memory);
  const ranker = new Ranker(prepared, allocateScratch(prepared, arena), bounds, kernels);
  const capacity = heapCapacity(k, rows);
  const merged = new TopKHeaps(TopKHeaps.allocate(arena, 1, capacity), kernels);
  const heaps = new TopKHeaps(TopKHeaps.allocate(arena, rows, capacity), kernels);
  const heapSets = arena.copy(Uint32Array.of(heaps.at));
  // Last user first, as the workers do: the lightest queries come first, while the JIT warms up.
  for (let u = rows - 1; u >= 0; u--) ranker.pairsFrom(u, heaps);
  for (let u = 0; u < rows; u++) {
    mergeInto(u, heapSets, merged, row, 0);
    ranker.fillPerSource(u, row, 0);
    copyRow(row, 0, out, u);
  }
  out.accumulations = ranker.accumulations;
  return out;
}

/**
 * Exact lists of any users, each queried alone against everyone, with the index prepared once: for ranking many
 * blocks of one input one after another (a queue worker), a sample, or a live update (update-lists.ts). Each call's
 * lists are bit-identical to the same users' rows of rankUsers(input, k) (ranker.ts says why), in ordinary memory,
 * so the arena does not grow. With `everyNeighbour`, a second set of heaps, room for everyone, lets one query also
 * give all of a user's neighbours (queryEvery).
 */
export class UserQueries {
  private readonly ranker: Ranker;
  private readonly heaps: TopKHeaps;
  private readonly merged: TopKHeaps;
  private readonly heapSets: Uint32Array;
  /** One heap with room for every other user, when asked for. */
  private readonly every: TopKHeaps | undefined;
  /** One row in the arena, where the kernels write a user's list before it is copied out. */
  private readonly row: NeighbourLists;
  private readonly userCount: number;
  private readonly sourceCount: number;

  /** Throws on invalid input or k, naming the value. */
  constructor(input: EngineInput, private readonly k: number, options: { everyNeighbour?: boolean; arena?: Arena } = {}) {
    validateInput(input, k);
    this.userCount = input.userCount;
    this.sourceCount = input.sources.length;
    // A caller's arena (reset by it) is reused memory; the lists handed out never live in it.
    const arena = options.arena ?? new Arena();
    this.row = allocateLists(1, k, this.sourceCount, arena);
    const prepared = prepareInput(input, arena);
    const kernels = instantiateKernels(kernelModule(), arena.memory);
    // A single query's filter reads the scratch's ceilings, never these bounds.
    this.ranker = new Ranker(prepared, allocateScratch(prepared, arena), arena.alloc(Int32Array, 1), kernels);
    const capacity = heapCapacity(k, input.userCount);
    this.merged = new TopKHeaps(TopKHeaps.allocate(arena, 1, capacity), kernels);
    this.heaps = new TopKHeaps(TopKHeaps.allocate(arena, 1, capacity), kernels);
    this.heapSets = arena.copy(Uint32Array.of(this.heaps.at));
    if (options.everyNeighbour) {
      this.every = new TopKHeaps(TopKHeaps.allocate(arena, 1, heapCapacity(input.userCount, input.userCount)), kernels);
    }
  }

  /** Row r = users[r]; `accumulations` counts this call's visited entries. Throws naming a user out of range. */
  lists(users: ArrayLike<UserIndex>): NeighbourLists {
    const { k, sourceCount } = this;
    for (let r = 0; r < users.length; r++) this.checkUser(users[r], `users[${r}]`);
    const out = allocateLists(users.length, k, sourceCount);
    const before = this.ranker.accumulations;
    for (let r = 0; r < users.length; r++) {
      this.ranker.query(users[r], this.heaps, 0);
      this.rowOut(users[r], out, r);
    }
    out.accumulations = this.ranker.accumulations - before;
    return out;
  }

  /**
   * One query of u giving both its top-k row, as lists([u]) does, and every user sharing a tag with u (S > 0) with
   * its score, in no particular order, in ids/scores[0..count) (room for userCount − 1 each): the scores are the
   * ones any query or run computes for those pairs, bit for bit. Needs the `everyNeighbour` option.
   */
  queryEvery(u: UserIndex, ids: Int32Array, scores: Float64Array): { list: NeighbourLists; count: number } {
    const { every } = this;
    if (!every) throw new Error("queryEvery needs a UserQueries made with { everyNeighbour: true }");
    this.checkUser(u, "u");
    const before = this.ranker.accumulations;
    this.ranker.query(u, every, 0);
    const { storage } = every;
    const count = storage.sizes[0];
    ids.set(storage.ids.subarray(0, count));
    scores.set(storage.scores.subarray(0, count));
    // The top k of everyone, then the heap emptied for the next query without sorting it.
    this.heaps.kernels.offerAll(this.heaps.at, 0, every.at, 0);
    storage.sizes[0] = 0;
    storage.floors[0] = -Infinity;
    const list = allocateLists(1, this.k, this.sourceCount);
    this.rowOut(u, list, 0);
    list.accumulations = this.ranker.accumulations - before;
    return { list, count };
  }

  /** Per-source J of row `row` of `lists` (this k; count and neighbours filled) for its user u, as a query of u
   *  fills them. */
  fillPerSource(u: UserIndex, lists: NeighbourLists, row: number): void {
    const { k, sourceCount } = this;
    const count = lists.count[row];
    this.row.count[0] = count;
    this.row.neighbour.set(lists.neighbour.subarray(row * k, row * k + count));
    this.ranker.fillPerSource(u, this.row, 0);
    lists.perSource.set(this.row.perSource.subarray(0, count * sourceCount), row * k * sourceCount);
  }

  /** The heaps' entries for u, merged into the arena's row, copied to row r of out with their per-source J. */
  private rowOut(u: UserIndex, out: NeighbourLists, r: number): void {
    const { k, row, sourceCount } = this;
    mergeInto(0, this.heapSets, this.merged, row, 0);
    this.ranker.fillPerSource(u, row, 0);
    // Only the filled slots: past them the row holds the previous user's entries.
    copyRow(row, 0, out, r);
  }

  private checkUser(u: number, name: string): void {
    if (!Number.isInteger(u) || u < 0 || u >= this.userCount) {
      throw new RangeError(`${name} must be a user index in 0..${this.userCount - 1}, got ${u}`);
    }
  }
}
