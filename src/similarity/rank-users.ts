/** Ranking on the calling thread: every user (each pair visited once) or a range of users (each queried alone).
 *  The algorithm is described at the top of ranker.ts. */
import { Arena } from "./arena.js";
import { instantiateKernels, kernelModule } from "./kernels.js";
import { prepareInput } from "./prepared-input.js";
import { allocateScratch, mergeInto, Ranker } from "./ranker.js";
import { TopKHeaps } from "./top-k.js";
import type { EngineInput, NeighbourLists, UserIndex } from "./types.js";
import { validateInput, validateRange } from "./validate.js";

/** Neighbour lists for `rows` users with room for k each, every slot empty (neighbour -1, score 0, perSource NaN),
 *  in the arena, where the kernels write them and worker threads share them. */
export function allocateLists(rows: number, k: number, sourceCount: number, arena: Arena): NeighbourLists {
  const slots = rows * k;
  return {
    k,
    count: arena.alloc(Uint32Array, rows),
    neighbour: arena.alloc(Int32Array, slots).fill(-1),
    score: arena.alloc(Float64Array, slots),
    perSource: arena.alloc(Float64Array, slots * sourceCount).fill(NaN),
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
  const everyone = rows === input.userCount;
  return rankRows(input, k, rows, everyone, (r) => from + r);
}

/** Exact top-k lists of the given users, each queried alone against everyone (the path a range takes): row r is
 *  users[r]. For checking another method's lists of a sample of users. */
export function queryUsers(input: EngineInput, k: number, users: ArrayLike<UserIndex>): NeighbourLists {
  validateInput(input, k);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    if (!Number.isInteger(u) || u < 0 || u >= input.userCount) {
      throw new RangeError(`users[${r}] must be a user index in 0..${input.userCount - 1}, got ${u}`);
    }
  }
  return rankRows(input, k, users.length, false, (r) => users[r]);
}

/** Pairs everyone (each pair once), or queries user(r) alone for each row r. */
function rankRows(input: EngineInput, k: number, rows: number, everyone: boolean,
  user: (r: number) => UserIndex): NeighbourLists {
  const arena = new Arena();
  const out = allocateLists(rows, k, input.sources.length, arena);
  if (rows === 0) return out;
  const prepared = prepareInput(input, arena);
  const bounds = arena.alloc(Int32Array, input.userCount).fill(-1);
  const kernels = instantiateKernels(kernelModule(), arena.memory);
  const ranker = new Ranker(prepared, allocateScratch(prepared, arena), bounds, kernels);
  const capacity = heapCapacity(k, input.userCount);
  const merged = new TopKHeaps(TopKHeaps.allocate(arena, 1, capacity), kernels);
  const heaps = new TopKHeaps(TopKHeaps.allocate(arena, everyone ? rows : 1, capacity), kernels);
  const heapSets = arena.copy(Uint32Array.of(heaps.at));
  if (everyone) {
    // Last user first, as the workers do: the lightest queries come first, while the JIT warms up.
    for (let u = rows - 1; u >= 0; u--) ranker.pairsFrom(u, heaps);
    for (let u = 0; u < rows; u++) {
      mergeInto(u, heapSets, merged, out, u);
      ranker.fillPerSource(u, out, u);
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const u = user(r);
      ranker.query(u, heaps, 0);
      mergeInto(0, heapSets, merged, out, r);
      ranker.fillPerSource(u, out, r);
    }
  }
  out.accumulations = ranker.accumulations;
  return out;
}
