/** The engine's read-only working set, built once per run in an Arena: per source the sets, each user's L1 norm and
 *  the inverted index, and per user which sources it has data in. Every part is a typed array in the arena's shared
 *  memory, so the kernels read it in place and worker threads receive it without a copy. */
import type { Arena } from "./arena.js";
import { invertSets, type InvertedIndex } from "./inverted-index.js";
import type { EngineInput, WeightedSets } from "./types.js";
import { l1Norms } from "./weighted-jaccard.js";

export interface PreparedSource {
  sets: WeightedSets;
  /** |u|₁ per user; 0 means the user has no data in this source. */
  norms: Float64Array;
  index: InvertedIndex;
}

/** What scoring a pair needs: PreparedInput without the inverted index. */
export interface PreparedSets {
  userCount: number;
  alphas: Float64Array;
  sources: Omit<PreparedSource, "index">[];
  /** Bit s of masks[u] is set when u has data in source s. */
  masks: Uint32Array;
  /** Σ α_s over the sources in a mask, summed in source order: a pair's score denominator is
   *  alphaSums[masks[u] | masks[v]]. */
  alphaSums: Float64Array;
  /** The memory every array above lives in (the arena's). */
  memory: WebAssembly.Memory;
}

export interface PreparedInput extends PreparedSets {
  sources: PreparedSource[];
}

/** Norms, inverted index, masks and α sums for validated input, copied into `arena`; O(entries + tags) per source. */
export function prepareInput(input: EngineInput, arena: Arena): PreparedInput {
  const n = input.userCount;
  const sources = input.sources.map((sets) => {
    const index = invertSets(sets, n);
    return {
      ...copySets(sets, n, arena),
      index: {
        offsets: arena.copy(index.offsets),
        users: arena.copy(index.users),
        weights: arena.copy(index.weights),
        positions: arena.copy(index.positions),
      },
    };
  });
  const { masks, alphaSums } = masksAndAlphaSums(input, sources, arena);
  return { userCount: n, alphas: Float64Array.from(input.alphas), sources, masks, alphaSums, memory: arena.memory };
}

/** The sets and norms alone, for the approximate method (nn-descent.ts), which scores chosen pairs and needs no
 *  inverted index; the same arrays as prepareInput's otherwise, but the sets of a source whose `inArena` is false
 *  stay where they are (the method reads them from a bitset it builds, and needs only their norms in the arena). */
export function prepareSets(input: EngineInput, arena: Arena, inArena: readonly boolean[] = input.sources.map(() => true)): PreparedSets {
  const n = input.userCount;
  const sources = input.sources.map((sets, s) => (inArena[s] ? copySets(sets, n, arena) : { sets, norms: arena.copy(l1Norms(sets, n)) }));
  const { masks, alphaSums } = masksAndAlphaSums(input, sources, arena);
  return { userCount: n, alphas: Float64Array.from(input.alphas), sources, masks, alphaSums, memory: arena.memory };
}

function copySets(sets: WeightedSets, n: number, arena: Arena): Omit<PreparedSource, "index"> {
  return {
    sets: {
      offsets: arena.copy(sets.offsets),
      tagIds: arena.copy(sets.tagIds),
      weights: arena.copy(sets.weights),
      tagCount: sets.tagCount,
    },
    norms: arena.copy(l1Norms(sets, n)),
  };
}

function masksAndAlphaSums(input: EngineInput, sources: { norms: Float64Array }[], arena: Arena) {
  const n = input.userCount;
  const masks = arena.alloc(Uint32Array, n);
  sources.forEach(({ norms }, s) => {
    for (let u = 0; u < n; u++) if (norms[u] > 0) masks[u] |= 1 << s;
  });
  const alphaSums = arena.alloc(Float64Array, 1 << sources.length);
  for (let m = 0; m < alphaSums.length; m++) {
    let sum = 0;
    for (let s = 0; s < sources.length; s++) if (m & (1 << s)) sum += input.alphas[s];
    alphaSums[m] = sum;
  }
  return { masks, alphaSums };
}
