/** Argument checks for the engine, run before any work: each message names the argument and the bad value. */
import type { EngineInput, WeightedSets } from "./types.js";

/** The most sources the engine ranks over. */
export const MAX_SOURCES = 3;

/** Throws a RangeError/TypeError naming the first bad value in k, the alphas or any source's CSR arrays. */
export function validateInput(input: EngineInput, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const { userCount, sources, alphas } = input;
  if (!Number.isInteger(userCount) || userCount < 0 || userCount > 0x7fffffff) {
    throw new RangeError(`userCount must be an integer in 0..2147483647, got ${userCount}`);
  }
  // The scan kernels take a query user's sources as arguments, one kernel per count (wasm/kernels.ts), and Kindred
  // has three (profiles/source.ts).
  if (sources.length < 1 || sources.length > MAX_SOURCES) {
    throw new RangeError(`sources must hold 1 to ${MAX_SOURCES} weighted sets, got ${sources.length}`);
  }
  if (alphas.length !== sources.length) {
    throw new RangeError(`alphas must have one entry per source: got ${alphas.length} for ${sources.length} sources`);
  }
  alphas.forEach((alpha, s) => {
    if (!(Number.isFinite(alpha) && alpha > 0)) {
      throw new RangeError(`alphas[${s}] must be positive and finite, got ${alpha}`);
    }
  });
  sources.forEach((sets, s) => validateSets(sets, userCount, `sources[${s}]`));
}

/** Throws unless 0 ≤ from ≤ to ≤ userCount, all integers. */
export function validateRange(userCount: number, from: number, to: number): void {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || to > userCount) {
    throw new RangeError(`from and to must be integers with 0 ≤ from ≤ to ≤ userCount = ${userCount}, got ${from}, ${to}`);
  }
}

/** Throws unless workers is a positive integer. */
export function validateWorkers(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
}

function validateSets(sets: WeightedSets, userCount: number, name: string): void {
  const { offsets, tagIds, weights, tagCount } = sets;
  if (!(offsets instanceof Uint32Array)) throw new TypeError(`${name}.offsets must be a Uint32Array`);
  if (!(tagIds instanceof Uint32Array)) throw new TypeError(`${name}.tagIds must be a Uint32Array`);
  if (!(weights instanceof Float64Array)) throw new TypeError(`${name}.weights must be a Float64Array`);
  if (!Number.isInteger(tagCount) || tagCount < 0) {
    throw new RangeError(`${name}.tagCount must be a non-negative integer, got ${tagCount}`);
  }
  if (offsets.length !== userCount + 1) {
    throw new RangeError(`${name}.offsets must have userCount + 1 = ${userCount + 1} entries, got ${offsets.length}`);
  }
  if (weights.length !== tagIds.length) {
    throw new RangeError(`${name}.weights must be as long as tagIds (${tagIds.length}), got ${weights.length}`);
  }
  if (offsets[0] !== 0) throw new RangeError(`${name}.offsets[0] must be 0, got ${offsets[0]}`);
  if (offsets[userCount] !== tagIds.length) {
    throw new RangeError(`${name}.offsets[${userCount}] must equal tagIds.length = ${tagIds.length}, got ${offsets[userCount]}`);
  }
  for (let u = 0; u < userCount; u++) {
    const start = offsets[u];
    const end = offsets[u + 1];
    if (end < start) {
      throw new RangeError(`${name}.offsets must not decrease: offsets[${u}] = ${start} > offsets[${u + 1}] = ${end}`);
    }
    if (end > tagIds.length) {
      throw new RangeError(`${name}.offsets[${u + 1}] must not exceed tagIds.length = ${tagIds.length}, got ${end}`);
    }
    for (let j = start; j < end; j++) {
      if (tagIds[j] >= tagCount) {
        throw new RangeError(`${name}.tagIds[${j}] must be below tagCount = ${tagCount}, got ${tagIds[j]} (user ${u})`);
      }
      if (j > start && tagIds[j] <= tagIds[j - 1]) {
        throw new RangeError(
          `${name}.tagIds must be strictly ascending per user: user ${u} has ${tagIds[j - 1]} then ${tagIds[j]} at ${j}`,
        );
      }
      const w = weights[j];
      if (!(Number.isFinite(w) && w > 0)) {
        throw new RangeError(`${name}.weights[${j}] must be positive and finite, got ${w} (user ${u})`);
      }
    }
  }
}
