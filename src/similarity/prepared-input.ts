/** The engine's read-only working set, built once per run: per source the sets, each user's L1 norm and the inverted
 *  index. Every part is a typed array, so the whole can be copied into SharedArrayBuffers for the workers. */
import { invertSets, type InvertedIndex } from "./inverted-index.js";
import type { EngineInput, WeightedSets } from "./types.js";
import { l1Norms } from "./weighted-jaccard.js";

export interface PreparedSource {
  sets: WeightedSets;
  /** |u|₁ per user; 0 means the user has no data in this source. */
  norms: Float64Array;
  index: InvertedIndex;
}

export interface PreparedInput {
  userCount: number;
  alphas: Float64Array;
  sources: PreparedSource[];
}

/** Norms and inverted index for validated input; O(entries + tags) per source. */
export function prepareInput(input: EngineInput): PreparedInput {
  return {
    userCount: input.userCount,
    alphas: Float64Array.from(input.alphas),
    sources: input.sources.map((sets) => ({
      sets,
      norms: l1Norms(sets, input.userCount),
      index: invertSets(sets, input.userCount),
    })),
  };
}

/** The same working set with every typed array copied once into a SharedArrayBuffer, so posting it to a worker
 *  shares the memory instead of cloning it. */
export function shareInput(prepared: PreparedInput): PreparedInput {
  return {
    userCount: prepared.userCount,
    alphas: shared(prepared.alphas),
    sources: prepared.sources.map(({ sets, norms, index }) => ({
      sets: {
        offsets: shared(sets.offsets),
        tagIds: shared(sets.tagIds),
        weights: shared(sets.weights),
        tagCount: sets.tagCount,
      },
      norms: shared(norms),
      index: {
        offsets: shared(index.offsets),
        users: shared(index.users),
        weights: shared(index.weights),
        positions: shared(index.positions),
      },
    })),
  };
}

function shared<T extends Uint32Array | Float64Array>(array: T): T {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(array.byteLength),
  );
  copy.set(array);
  return copy;
}
