/** Ranking on the calling thread: every user (each pair visited once) or a range of users (each queried alone).
 *  The algorithm is described at the top of ranker.js. */
import { Arena } from "./arena.js";
import { prepareInput } from "./prepared-input.js";
import { allocateScratch, mergeInto, Ranker } from "./ranker.js";
import { TopKHeaps } from "./top-k.js";
import type { EngineInput, NeighbourLists, UserIndex } from "./types.js";
import { validateInput, validateRange } from "./validate.js";

/** Neighbour lists for `rows` users with room for k each, every slot empty (neighbour -1, score 0, perSource NaN).
 *  `Buffer` picks ArrayBuffer or SharedArrayBuffer, so workers can write into the same lists. */
export function allocateLists(
  rows: number,
  k: number,
  sourceCount: number,
  Buffer: ArrayBufferConstructor | SharedArrayBufferConstructor = ArrayBuffer,
): NeighbourLists {
  const slots = rows * k;
  return {
    k,
    count: new Uint32Array(new Buffer(rows * 4)),
    neighbour: new Int32Array(new Buffer(slots * 4)).fill(-1),
    score: new Float64Array(new Buffer(slots * 8)),
    perSource: new Float64Array(new Buffer(slots * sourceCount * 8)).fill(NaN),
    accumulations: 0,
  };
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
  const rows = to - from;
  const out = allocateLists(rows, k, input.sources.length);
  if (rows === 0) return out;
  const arena = new Arena();
  const prepared = prepareInput(input, arena);
  const bounds = arena.alloc(Int32Array, input.userCount).fill(-1);
  const ranker = new Ranker(prepared, allocateScratch(prepared, arena, k), bounds);
  const capacity = heapCapacity(k, input.userCount);
  const merged = new TopKHeaps(TopKHeaps.allocate(arena, 1, capacity));
  if (rows === input.userCount) {
    const heaps = new TopKHeaps(TopKHeaps.allocate(arena, rows, capacity));
    // Last user first, as the workers do: the lightest queries come first, while the JIT warms up.
    for (let u = rows - 1; u >= 0; u--) ranker.pairsFrom(u, heaps);
    for (let u = 0; u < rows; u++) {
      mergeInto(u, [heaps], merged, out, u);
      ranker.fillPerSource(u, out, u);
    }
  } else {
    const heaps = new TopKHeaps(TopKHeaps.allocate(arena, 1, capacity));
    for (let u = from; u < to; u++) {
      ranker.query(u, heaps, 0);
      mergeInto(0, [heaps], merged, out, u - from);
      ranker.fillPerSource(u, out, u - from);
    }
  }
  out.accumulations = ranker.accumulations;
  return out;
}
