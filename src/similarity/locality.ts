/**
 * An internal numbering of the users for the approximate method, so that users likely to be neighbours sit close
 * together in memory: NN-Descent's joins and updates then touch data a previous user's join left in cache, where in
 * handle order every candidate is a miss (at 1M users an iteration cost ~30× the 100k one for 10× the users).
 *
 * The key is a community of tags: the tags of one source (the one with the most entries) are grouped by
 * co-occurrence (each tag joined to the tag it co-occurs with most, by cosine, and the groups are the connected
 * components), and users are sorted by the group holding most of their weight, then the second such group, then a
 * MinHash of their tags, then index. Only where the data sits depends on it: the lists are defined by the original
 * indices (ties go to the smaller original index; nn-descent.ts), so a different order gives different paths but
 * lists of the same meaning.
 */
import { mix } from "./nn-descent.js";
import type { EngineInput, WeightedSets } from "./types.js";

/** Tags past which a source's tag-by-tag counts (tags² u32) are not built: the order is then the identity. */
const MAX_GROUPED_TAGS = 4096;
/** Users whose tag pairs are counted at most: a stride sample of them is as good for grouping a thousand tags. */
const SAMPLED_USERS = 100_000;

/** order[i] = the original index of internal user i: a permutation of 0..userCount-1. */
export function localityOrder(input: EngineInput): Uint32Array {
  const n = input.userCount;
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const grouped = input.sources
    .filter((s) => s.tagCount > 0 && s.tagCount <= MAX_GROUPED_TAGS)
    .sort((a, b) => b.tagIds.length - a.tagIds.length)[0];
  if (grouped === undefined || n < 2) return order;
  const group = tagGroups(grouped, n);
  const first = new Uint32Array(n);
  const second = new Uint32Array(n);
  const weightIn = new Float64Array(group.count + 1);
  for (let u = 0; u < n; u++) {
    let best = group.count;
    let next = group.count;
    for (let j = grouped.offsets[u]; j < grouped.offsets[u + 1]; j++) weightIn[group.of[grouped.tagIds[j]]] += grouped.weights[j];
    for (let j = grouped.offsets[u]; j < grouped.offsets[u + 1]; j++) {
      const g = group.of[grouped.tagIds[j]];
      if (g === best || g === next) continue;
      if (ahead(weightIn, g, best)) [best, next] = [g, best];
      else if (ahead(weightIn, g, next)) next = g;
    }
    for (let j = grouped.offsets[u]; j < grouped.offsets[u + 1]; j++) weightIn[group.of[grouped.tagIds[j]]] = 0;
    first[u] = best;
    second[u] = next;
  }
  const sketch = minHashes(input);
  order.sort((a, b) => first[a] - first[b] || second[a] - second[b] || sketch[a] - sketch[b] || a - b);
  return order;
}

/** Whether group g holds more weight than group h (count, the none group, holds none), ties to the smaller id. */
function ahead(weightIn: Float64Array, g: number, h: number): boolean {
  return h === weightIn.length - 1 || weightIn[g] > weightIn[h] || (weightIn[g] === weightIn[h] && g < h);
}

/** Each tag's group (0..count-1): components of the graph joining each tag to its most co-occurring tag. */
function tagGroups(sets: WeightedSets, n: number): { of: Uint32Array; count: number } {
  const T = sets.tagCount;
  const together = new Uint32Array(T * T);
  const df = new Uint32Array(T);
  const stride = Math.max(1, Math.floor(n / SAMPLED_USERS));
  for (let u = 0; u < n; u += stride) {
    const from = sets.offsets[u];
    const to = sets.offsets[u + 1];
    for (let a = from; a < to; a++) {
      const ta = sets.tagIds[a];
      df[ta]++;
      for (let b = a + 1; b < to; b++) together[ta * T + sets.tagIds[b]]++;
    }
  }
  const parent = Uint32Array.from({ length: T }, (_, t) => t);
  const root = (t: number): number => {
    while (parent[t] !== t) t = parent[t] = parent[parent[t]];
    return t;
  };
  for (let a = 0; a < T; a++) {
    let best = -1;
    let bestCosine = 0;
    for (let b = 0; b < T; b++) {
      if (b === a) continue;
      const count = a < b ? together[a * T + b] : together[b * T + a];
      const cosine = count / Math.sqrt(df[a] * df[b]);
      if (count > 0 && cosine > bestCosine) [best, bestCosine] = [b, cosine];
    }
    if (best >= 0) {
      const [ra, rb] = [root(a), root(best)];
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  const of = new Uint32Array(T);
  const idOf = new Map<number, number>();
  for (let t = 0; t < T; t++) {
    const r = root(t);
    if (!idOf.has(r)) idOf.set(r, idOf.size);
    of[t] = idOf.get(r)!;
  }
  return { of, count: idOf.size };
}

/** One MinHash per user over its (source, tag) pairs: users sharing tags tend to share it. */
function minHashes(input: EngineInput): Uint32Array {
  const sketch = new Uint32Array(input.userCount).fill(0xffffffff);
  input.sources.forEach((sets, s) => {
    for (let u = 0; u < input.userCount; u++) {
      for (let j = sets.offsets[u]; j < sets.offsets[u + 1]; j++) {
        const h = mix((s << 24) ^ sets.tagIds[j] ^ 0x5bd1e995);
        if (h < sketch[u]) sketch[u] = h;
      }
    }
  });
  return sketch;
}

/** `input` with internal user i = original user order[i]: each source's sets permuted, every set unchanged. */
export function permuteInput(input: EngineInput, order: Uint32Array): EngineInput {
  const n = input.userCount;
  return {
    userCount: n,
    alphas: input.alphas,
    sources: input.sources.map((sets): WeightedSets => {
      const offsets = new Uint32Array(n + 1);
      for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + sets.offsets[order[i] + 1] - sets.offsets[order[i]];
      const tagIds = new Uint32Array(sets.tagIds.length);
      const weights = new Float64Array(sets.weights.length);
      for (let i = 0; i < n; i++) {
        const from = sets.offsets[order[i]];
        const to = sets.offsets[order[i] + 1];
        tagIds.set(sets.tagIds.subarray(from, to), offsets[i]);
        weights.set(sets.weights.subarray(from, to), offsets[i]);
      }
      return { offsets, tagIds, weights, tagCount: sets.tagCount };
    }),
  };
}
