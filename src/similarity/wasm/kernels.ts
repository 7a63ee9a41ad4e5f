// AssemblyScript, compiled to kernels.wasm by `npm run build:wasm` (not part of the Node TypeScript build), which
// also writes kernels.bindings.d.ts, the types ../kernels.ts gives these exports, so a call that does not match a
// signature here fails `tsc`.
//
// The engine's hot loops: adding minima into accumulators along posting lists, scoring a query's candidates (a
// range of users or a list) with a filter against the heaps' floors and the exact score for the few that pass, the
// bounded top-K heaps they go to, merging threads' heaps and the per-source J. ranker.ts and top-k.ts drive them
// with byte offsets into one shared WebAssembly.Memory (arena.ts). Why WebAssembly rather than JavaScript: the
// README's "Algorithms used". Each score is computed here and only here, in one fixed order of operations, so
// S(u, v) is bit-for-bit S(v, u) and the lists do not depend on which thread or which path scored a pair.

// --- accumulate ------------------------------------------------------------------------------------------------------

// min(a, b) = (a + b − |a − b|) / 2: no branch (Math.min's mispredictions cost more than the addition it feeds). It
// is symmetric and exact when a = b; otherwise within an ulp of min(a, b). Accumulating and per-source J both use it,
// so they agree bit for bit.
@inline function minOf(a: f64, b: f64): f64 {
  return (a + b - abs(a - b)) * 0.5;
}

@inline function at(base: usize, i: u32, shift: u32): usize {
  return base + (<usize>i << shift);
}

/**
 * Adds min(w_u, w_v) into acc[v] for every posting v of each of u's tags in one source, from just after u when
 * afterSelf (each pair once), else the whole list. With track, lists in touched[count..] each v whose accumulator
 * leaves 0, and returns the new count; otherwise returns count unchanged. sameWeight is the one weight every entry
 * of the source has (interests: 1), else NaN: then min(w_u, w_v) = w_u and the postings' weights need no reading.
 * A posting list holds each user once, so the additions into each accumulator keep their order (u's tags
 * ascending), however the loop is unrolled.
 */
export function accumulate(
  u: u32, afterSelf: bool, track: bool, sameWeight: f64,
  setOffsets: usize, tagIds: usize, setWeights: usize,
  postingOffsets: usize, postingUsers: usize, postingWeights: usize, positions: usize,
  acc: usize, touched: usize, count: u32,
): u32 {
  const jEnd = load<u32>(at(setOffsets, u + 1, 2));
  for (let j = load<u32>(at(setOffsets, u, 2)); j < jEnd; j++) {
    const wu = load<f64>(at(setWeights, j, 3));
    const t = load<u32>(at(tagIds, j, 2));
    const from = afterSelf ? load<u32>(at(positions, j, 2)) + 1 : load<u32>(at(postingOffsets, t, 2));
    const to = load<u32>(at(postingOffsets, t + 1, 2));
    if (track) count = addMinTracked(acc, postingUsers, postingWeights, from, to, wu, touched, count);
    else if (wu == sameWeight) addSame(acc, postingUsers, from, to, wu);
    else addMin(acc, postingUsers, postingWeights, from, to, wu);
  }
  return count;
}

// Four postings a step: binaryen does not unroll, and the loop's compare and branch cost as much as the add.

@inline function addSame(acc: usize, users: usize, from: u32, to: u32, w: f64): void {
  let p = from;
  for (; p + 3 < to; p += 4) {
    const q = at(users, p, 2);
    const a0 = at(acc, load<u32>(q), 3);
    const a1 = at(acc, load<u32>(q, 4), 3);
    const a2 = at(acc, load<u32>(q, 8), 3);
    const a3 = at(acc, load<u32>(q, 12), 3);
    store<f64>(a0, load<f64>(a0) + w);
    store<f64>(a1, load<f64>(a1) + w);
    store<f64>(a2, load<f64>(a2) + w);
    store<f64>(a3, load<f64>(a3) + w);
  }
  for (; p < to; p++) {
    const a = at(acc, load<u32>(at(users, p, 2)), 3);
    store<f64>(a, load<f64>(a) + w);
  }
}

@inline function addMin(acc: usize, users: usize, weights: usize, from: u32, to: u32, wu: f64): void {
  let p = from;
  for (; p + 3 < to; p += 4) {
    const q = at(users, p, 2);
    const w = at(weights, p, 3);
    const a0 = at(acc, load<u32>(q), 3);
    const a1 = at(acc, load<u32>(q, 4), 3);
    const a2 = at(acc, load<u32>(q, 8), 3);
    const a3 = at(acc, load<u32>(q, 12), 3);
    store<f64>(a0, load<f64>(a0) + minOf(wu, load<f64>(w)));
    store<f64>(a1, load<f64>(a1) + minOf(wu, load<f64>(w, 8)));
    store<f64>(a2, load<f64>(a2) + minOf(wu, load<f64>(w, 16)));
    store<f64>(a3, load<f64>(a3) + minOf(wu, load<f64>(w, 24)));
  }
  for (; p < to; p++) {
    const a = at(acc, load<u32>(at(users, p, 2)), 3);
    store<f64>(a, load<f64>(a) + minOf(wu, load<f64>(at(weights, p, 3))));
  }
}

@inline function addMinTracked(
  acc: usize, users: usize, weights: usize, from: u32, to: u32, wu: f64, touched: usize, count: u32,
): u32 {
  for (let p = from; p < to; p++) {
    const v = load<u32>(at(users, p, 2));
    const a = at(acc, v, 3);
    const before = load<f64>(a);
    const after = before + minOf(wu, load<f64>(at(weights, p, 3)));
    // Listed once per source: when the sum first leaves 0 (a min that rounds to 0 leaves it at 0 and lists nothing).
    if (before == 0 && after > 0) {
      store<u32>(at(touched, count, 2), v);
      count++;
    }
    store<f64>(a, after);
  }
  return count;
}

/** Zeroes bytes [at, at + bytes): accumulators after a dense query. memory.fill is a memset, where TypedArray.fill
 *  on shared memory goes element by element, several times slower. */
export function clear(at: usize, bytes: usize): void {
  memory.fill(at, 0, bytes);
}

// --- per-source J -------------------------------------------------------------------------------------------------

/**
 * J_s for user u and each of its `count` neighbours (i32 at `neighbours`) in source s, written to
 * out[r · stride + s] (f64): NaN where neither has data in s. u's weights are spread over byTag (all zero between
 * calls), so each neighbour's Σ min is one walk of its own tags: the shared tags' minima in ascending tag order, as
 * the accumulators added them (an unshared tag adds min(0, w) = 0 exactly), so these agree bit for bit with the
 * scores. A walk of both sorted runs cost twice the steps and a mispredicted branch at most of them.
 */
export function perSource(
  u: u32, count: u32, neighbours: usize, setOffsets: usize, tagIds: usize, setWeights: usize, norms: usize,
  byTag: usize, out: usize, stride: u32, s: u32,
): void {
  const nu = load<f64>(at(norms, u, 3));
  const uStart = load<u32>(at(setOffsets, u, 2));
  const uEnd = load<u32>(at(setOffsets, u + 1, 2));
  for (let j = uStart; j < uEnd; j++) store<f64>(at(byTag, load<u32>(at(tagIds, j, 2)), 3), load<f64>(at(setWeights, j, 3)));
  for (let r: u32 = 0; r < count; r++) {
    const v = load<u32>(at(neighbours, r, 2));
    const nv = load<f64>(at(norms, v, 3));
    let jaccard: f64 = NaN;
    if (nu > 0 || nv > 0) {
      let sumMin: f64 = 0;
      if (nu > 0) {
        const bEnd = load<u32>(at(setOffsets, v + 1, 2));
        for (let b = load<u32>(at(setOffsets, v, 2)); b < bEnd; b++) {
          sumMin += minOf(load<f64>(at(byTag, load<u32>(at(tagIds, b, 2)), 3)), load<f64>(at(setWeights, b, 3)));
        }
      }
      jaccard = sumMin > 0 ? sumMin / (nu + nv - sumMin) : 0;
    }
    store<f64>(at(out, r * stride + s, 3), jaccard);
  }
  for (let j = uStart; j < uEnd; j++) store<f64>(at(byTag, load<u32>(at(tagIds, j, 2)), 3), 0);
}

// --- top-k heaps -------------------------------------------------------------------------------------------------

// A heap set (top-k.ts) keeps, per owner o, at most `capacity` (user, score) entries in a binary heap at
// ids/scores[o · capacity ..] whose root is the worst entry kept (mnemonist's FixedReverseHeap, ids and scores in
// parallel arrays as in flatqueue), sizes[o] entries, and floors[o] = the root's score once full, -Infinity before:
// anything below it is rejected with one read. Order: higher score first, equal scores broken by the smaller user
// index (= smaller handle). It is a strict total order, so what an owner keeps does not depend on the order
// candidates arrive in, nor on how they were split between heap sets. `heaps` points at five u32: capacity and the
// byte offsets of ids (i32), scores (f64), sizes (u32) and floors (f64).

@inline function heapCapacity(heaps: usize): u32 {
  return load<u32>(heaps);
}
@inline function heapIds(heaps: usize): usize {
  return load<u32>(heaps, 4);
}
@inline function heapScores(heaps: usize): usize {
  return load<u32>(heaps, 8);
}
@inline function heapSizes(heaps: usize): usize {
  return load<u32>(heaps, 12);
}
@inline function heapFloors(heaps: usize): usize {
  return load<u32>(heaps, 16);
}

/** Offers (id, score) to owner o: kept if the heap is not full or it beats the worst entry kept. */
export function offer(heaps: usize, o: u32, id: u32, score: f64): void {
  const floors = heapFloors(heaps);
  if (score < load<f64>(at(floors, o, 3))) return;
  const ids = heapIds(heaps);
  const scores = heapScores(heaps);
  const capacity = heapCapacity(heaps);
  const base = o * capacity;
  const sizeAt = at(heapSizes(heaps), o, 2);
  const size = load<u32>(sizeAt);
  if (size < capacity) {
    siftUp(ids, scores, base, size, id, score);
    store<u32>(sizeAt, size + 1);
    if (size + 1 == capacity) store<f64>(at(floors, o, 3), load<f64>(at(scores, base, 3)));
    return;
  }
  const worst = load<f64>(at(scores, base, 3));
  if (score > worst || id < load<u32>(at(ids, base, 2))) {
    siftDown(ids, scores, base, capacity, id, score);
    store<f64>(at(floors, o, 3), load<f64>(at(scores, base, 3)));
  }
}

/** Offers every entry of owner `fromOwner` in heap set `from` to owner o of `heaps`. */
export function offerAll(heaps: usize, o: u32, from: usize, fromOwner: u32): void {
  const base = fromOwner * heapCapacity(from);
  const ids = heapIds(from);
  const scores = heapScores(from);
  const n = load<u32>(at(heapSizes(from), fromOwner, 2));
  for (let r: u32 = 0; r < n; r++) offer(heaps, o, load<u32>(at(ids, base + r, 2)), load<f64>(at(scores, base + r, 3)));
}

/** Writes owner o's entries best first to outIds/outScores[0..n), empties the heap, returns n. */
export function drain(heaps: usize, o: u32, outIds: usize, outScores: usize): u32 {
  const ids = heapIds(heaps);
  const scores = heapScores(heaps);
  const base = o * heapCapacity(heaps);
  const sizeAt = at(heapSizes(heaps), o, 2);
  const n = load<u32>(sizeAt);
  // Popping the root (the worst) repeatedly yields worst first, so fill from the back.
  for (let size = n; size > 0; size--) {
    store<u32>(at(outIds, size - 1, 2), load<u32>(at(ids, base, 2)));
    store<f64>(at(outScores, size - 1, 3), load<f64>(at(scores, base, 3)));
    if (size > 1) {
      siftDown(ids, scores, base, size - 1, load<u32>(at(ids, base + size - 1, 2)), load<f64>(at(scores, base + size - 1, 3)));
    }
  }
  store<u32>(sizeAt, 0);
  store<f64>(at(heapFloors(heaps), o, 3), -Infinity);
  return n;
}

/**
 * One user's final list: the entries of owner u in each of `setCount` heap sets (their layouts' offsets, u32 at
 * `heapSets`), one set per thread, offered to owner 0 of `merged` and drained best first to outIds/outScores.
 * Empties u's heaps. Returns the neighbour count.
 */
export function mergeRow(heapSets: usize, setCount: u32, merged: usize, u: u32, outIds: usize, outScores: usize): u32 {
  store<u32>(heapSizes(merged), 0);
  store<f64>(heapFloors(merged), -Infinity);
  for (let i: u32 = 0; i < setCount; i++) {
    const from = <usize>load<u32>(at(heapSets, i, 2));
    offerAll(merged, 0, from, u);
    store<u32>(at(heapSizes(from), u, 2), 0);
    store<f64>(at(heapFloors(from), u, 3), -Infinity);
  }
  return drain(merged, 0, outIds, outScores);
}

/** Moves the hole at base + i up past better parents, then stores (id, score) there. */
@inline function siftUp(ids: usize, scores: usize, base: u32, i: u32, id: u32, score: f64): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const ps = load<f64>(at(scores, base + parent, 3));
    const pid = load<u32>(at(ids, base + parent, 2));
    if (ps < score || (ps == score && pid > id)) break; // the parent is worse: the root stays the worst
    store<u32>(at(ids, base + i, 2), pid);
    store<f64>(at(scores, base + i, 3), ps);
    i = parent;
  }
  store<u32>(at(ids, base + i, 2), id);
  store<f64>(at(scores, base + i, 3), score);
}

/** Moves the hole at the root of a heap of `size` entries down past worse children, then stores (id, score). */
function siftDown(ids: usize, scores: usize, base: u32, size: u32, id: u32, score: f64): void {
  const half = size >> 1;
  let i: u32 = 0;
  while (i < half) {
    let child: u32 = 2 * i + 1;
    let cs = load<f64>(at(scores, base + child, 3));
    let cid = load<u32>(at(ids, base + child, 2));
    const right = child + 1;
    if (right < size) {
      const rs = load<f64>(at(scores, base + right, 3));
      const rid = load<u32>(at(ids, base + right, 2));
      if (rs < cs || (rs == cs && rid > cid)) {
        child = right;
        cs = rs;
        cid = rid;
      }
    }
    if (cs > score || (cs == score && cid < id)) break; // the worse child still beats the newcomer
    store<u32>(at(ids, base + i, 2), cid);
    store<f64>(at(scores, base + i, 3), cs);
    i = child;
  }
  store<u32>(at(ids, base + i, 2), id);
  store<f64>(at(scores, base + i, 3), score);
}

// Shared floors. A heap's floor f means its owner already has k neighbours scoring at least f, so whatever scores
// below f can never make the owner's final list, whichever thread's heaps saw those neighbours. Threads publish
// ⌊f · 2³⁰⌋ (≤ f, exact: f is scaled by a power of two) in a shared array of i32 bounds, and the scan reads the
// other end's floor from there: 4 bytes a user, and one thread's heaps rise with the other's. Aligned 4-byte accesses
// do not tear; a racing write may replace a larger bound with a smaller one, and as each was a floor once it stays
// a valid bound, only a looser one. Dropping only sure losers keeps the lists identical however pairs are split.

const BOUND_SCALE: f64 = <f64>(1 << 30);
const BOUND_UNIT: f64 = 1.0 / BOUND_SCALE;

/** Publishes owner o's floor in bounds[o] if it is higher (not while the heap is not full: -Infinity). */
@inline function raiseBound(bounds: usize, floors: usize, o: u32): void {
  const q = floor(load<f64>(at(floors, o, 3)) * BOUND_SCALE);
  if (q > <f64>load<i32>(at(bounds, o, 2))) store<i32>(at(bounds, o, 2), <i32>q);
}

/** The floor the owner's candidates must reach: its heap's, or its shared bound when that is higher (pairing). */
@inline function ownerFloor(heaps: usize, bounds: usize, owner: u32, symmetric: bool): f64 {
  const floor = load<f64>(at(heapFloors(heaps), owner, 3));
  return symmetric ? max(floor, <f64>load<i32>(at(bounds, owner, 2)) * BOUND_UNIT) : floor;
}

/** Offers the pair (u, v) with its exact score to heap `owner`, and when pairing (symmetric, owner = u) to heap v
 *  too, publishing both floors. */
export function offerScored(heaps: usize, bounds: usize, u: u32, v: u32, owner: u32, score: f64, symmetric: bool): void {
  offer(heaps, owner, v, score);
  if (symmetric) {
    offer(heaps, v, u, score);
    const floors = heapFloors(heaps);
    raiseBound(bounds, floors, u);
    raiseBound(bounds, floors, v);
  }
}

// --- scan ----------------------------------------------------------------------------------------------------------

// A query's scoring, one function per number of sources the query user u has data in (1, 2 or 3: a0.. are those
// sources' accumulators, n0.. their norms, u0.. u's norms, al0.. their α, in source order; u's other sources add
// J_s = 0 and are left out). The candidates are every v in [first, end) when `candidates` is 0 (a dense query: two
// users a step), else the users at candidates[first..end) (u32; a sparse query's list: the arena never places an
// array at offset 0). Accumulators are left as they are; the caller clears them.
//
// Nearly every candidate loses to the worst neighbour both heaps already keep (on the real data ~1.3 M of 50 M
// pairs get further), so S is first formed without a division, as one fraction num / (Σα · den) with den = Π Σ max
// (Σ max = |u|₁ + |v|₁ − Σ min > 0 in u's sources, as |u|₁ > 0 there), and v is dropped when that is clearly below
// min(owner's floor, v's shared bound): the pair can then make neither list. The 1e-12 margin dwarfs either
// computation's rounding (a few ulps), so only candidates the exact score would reject are dropped; den must be well
// inside the normal range for that, so the products neither overflow nor lose precision. The few left get the exact
// score, Σ α_s · (Σ min / Σ max) / Σα summed in source order, the same arithmetic from either end of the pair, and go
// to the heaps. A query of one user for itself alone (symmetric = false) passes bounds of 2³¹ − 1, above any score,
// so only its own heap's floor counts.

const MARGIN: f64 = 1 - 1e-12;

/** Lanes v and v + 1 of a Float64Array. */
@inline function pair(base: usize, v: u32): v128 {
  return v128.load(at(base, v, 3));
}

/** Bit 0 (v) and bit 1 (v + 1): not clearly below the floors. keptOne, lane by lane. */
@inline function keptLanes(num: v128, den: v128, v: u32, ownerFloor: f64, uMask: u32, masks: usize, alphaSums: usize, bounds: usize): i32 {
  const bound = f64x2.mul(f64x2.convert_low_i32x4_s(v128.load64_zero(at(bounds, v, 2))), f64x2.splat(BOUND_UNIT));
  const floor = f64x2.pmin(f64x2.splat(ownerFloor), bound);
  const alphaSum = f64x2.replace_lane(
    f64x2.splat(load<f64>(at(alphaSums, uMask | load<u32>(at(masks, v, 2)), 3))),
    1,
    load<f64>(at(alphaSums, uMask | load<u32>(at(masks, v + 1, 2)), 3)),
  );
  const limit = f64x2.mul(f64x2.mul(f64x2.mul(floor, alphaSum), den), f64x2.splat(MARGIN));
  const outOfRange = v128.or(f64x2.le(den, f64x2.splat(1e-280)), f64x2.ge(den, f64x2.splat(1e280)));
  const notBelow = v128.or(f64x2.ge(num, limit), outOfRange);
  return i64x2.bitmask(v128.and(notBelow, f64x2.gt(num, f64x2.splat(0))));
}

/** The filter for one v: false when S = num / (Σα · den) is clearly below the floor, or the pair shares nothing
 *  (num = 0). Floors first: most candidates fail there, predictably. */
@inline function keptOne(num: f64, den: f64, v: u32, ownerFloor: f64, uMask: u32, masks: usize, alphaSums: usize, bounds: usize): bool {
  const floor = min(ownerFloor, <f64>load<i32>(at(bounds, v, 2)) * BOUND_UNIT);
  const alphaSum = load<f64>(at(alphaSums, uMask | load<u32>(at(masks, v, 2)), 3));
  if (num < floor * alphaSum * den * MARGIN && den > 1e-280 && den < 1e280) return false;
  return num > 0;
}

@inline function alphaSumOf(alphaSums: usize, uMask: u32, masks: usize, v: u32): f64 {
  return load<f64>(at(alphaSums, uMask | load<u32>(at(masks, v, 2)), 3));
}

/** The user at position i of a scan: i itself, or candidates[i]. */
@inline function candidateAt(candidates: usize, i: u32): u32 {
  return candidates == 0 ? i : load<u32>(at(candidates, i, 2));
}

export function scan1(
  first: u32, end: u32, candidates: usize, u: u32, a0: usize, n0: usize, u0: f64, al0: f64,
  uMask: u32, masks: usize, alphaSums: usize, bounds: usize, heaps: usize, owner: u32, symmetric: bool,
): void {
  let floor = ownerFloor(heaps, bounds, owner, symmetric);
  let i = first;
  if (candidates == 0) {
    for (; i + 1 < end; i += 2) {
      const m0 = pair(a0, i);
      const d0 = f64x2.sub(f64x2.add(f64x2.splat(u0), pair(n0, i)), m0);
      const num = f64x2.mul(f64x2.splat(al0), m0);
      const kept = keptLanes(num, d0, i, floor, uMask, masks, alphaSums, bounds);
      if (kept == 0) continue;
      for (let lane: u32 = 0; lane < 2; lane++) {
        if ((kept & (1 << lane)) == 0) continue;
        offerScored(heaps, bounds, u, i + lane, owner, exact1(i + lane, a0, n0, u0, al0, uMask, masks, alphaSums), symmetric);
      }
      floor = ownerFloor(heaps, bounds, owner, symmetric);
    }
  }
  for (; i < end; i++) {
    const v = candidateAt(candidates, i);
    const m0 = load<f64>(at(a0, v, 3));
    const d0 = u0 + load<f64>(at(n0, v, 3)) - m0;
    if (!keptOne(al0 * m0, d0, v, floor, uMask, masks, alphaSums, bounds)) continue;
    offerScored(heaps, bounds, u, v, owner, exact1(v, a0, n0, u0, al0, uMask, masks, alphaSums), symmetric);
    floor = ownerFloor(heaps, bounds, owner, symmetric);
  }
}

@inline function exact1(v: u32, a0: usize, n0: usize, u0: f64, al0: f64, uMask: u32, masks: usize, alphaSums: usize): f64 {
  const m0 = load<f64>(at(a0, v, 3));
  return (al0 * (m0 / (u0 + load<f64>(at(n0, v, 3)) - m0))) / alphaSumOf(alphaSums, uMask, masks, v);
}

export function scan2(
  first: u32, end: u32, candidates: usize, u: u32, a0: usize, n0: usize, u0: f64, al0: f64,
  a1: usize, n1: usize, u1: f64, al1: f64,
  uMask: u32, masks: usize, alphaSums: usize, bounds: usize, heaps: usize, owner: u32, symmetric: bool,
): void {
  let floor = ownerFloor(heaps, bounds, owner, symmetric);
  let i = first;
  if (candidates == 0) {
    for (; i + 1 < end; i += 2) {
      const m0 = pair(a0, i);
      const m1 = pair(a1, i);
      const d0 = f64x2.sub(f64x2.add(f64x2.splat(u0), pair(n0, i)), m0);
      const d1 = f64x2.sub(f64x2.add(f64x2.splat(u1), pair(n1, i)), m1);
      const num = f64x2.add(
        f64x2.mul(f64x2.mul(f64x2.splat(al0), m0), d1),
        f64x2.mul(f64x2.mul(f64x2.splat(al1), m1), d0),
      );
      const kept = keptLanes(num, f64x2.mul(d0, d1), i, floor, uMask, masks, alphaSums, bounds);
      if (kept == 0) continue;
      for (let lane: u32 = 0; lane < 2; lane++) {
        if ((kept & (1 << lane)) == 0) continue;
        const score = exact2(i + lane, a0, n0, u0, al0, a1, n1, u1, al1, uMask, masks, alphaSums);
        offerScored(heaps, bounds, u, i + lane, owner, score, symmetric);
      }
      floor = ownerFloor(heaps, bounds, owner, symmetric);
    }
  }
  for (; i < end; i++) {
    const v = candidateAt(candidates, i);
    const m0 = load<f64>(at(a0, v, 3));
    const m1 = load<f64>(at(a1, v, 3));
    const d0 = u0 + load<f64>(at(n0, v, 3)) - m0;
    const d1 = u1 + load<f64>(at(n1, v, 3)) - m1;
    if (!keptOne(al0 * m0 * d1 + al1 * m1 * d0, d0 * d1, v, floor, uMask, masks, alphaSums, bounds)) continue;
    offerScored(heaps, bounds, u, v, owner, exact2(v, a0, n0, u0, al0, a1, n1, u1, al1, uMask, masks, alphaSums), symmetric);
    floor = ownerFloor(heaps, bounds, owner, symmetric);
  }
}

@inline function exact2(
  v: u32, a0: usize, n0: usize, u0: f64, al0: f64, a1: usize, n1: usize, u1: f64, al1: f64,
  uMask: u32, masks: usize, alphaSums: usize,
): f64 {
  const m0 = load<f64>(at(a0, v, 3));
  const m1 = load<f64>(at(a1, v, 3));
  const weighted = al0 * (m0 / (u0 + load<f64>(at(n0, v, 3)) - m0)) + al1 * (m1 / (u1 + load<f64>(at(n1, v, 3)) - m1));
  return weighted / alphaSumOf(alphaSums, uMask, masks, v);
}

export function scan3(
  first: u32, end: u32, candidates: usize, u: u32, a0: usize, n0: usize, u0: f64, al0: f64,
  a1: usize, n1: usize, u1: f64, al1: f64, a2: usize, n2: usize, u2: f64, al2: f64,
  uMask: u32, masks: usize, alphaSums: usize, bounds: usize, heaps: usize, owner: u32, symmetric: bool,
): void {
  let floor = ownerFloor(heaps, bounds, owner, symmetric);
  let i = first;
  if (candidates == 0) {
    for (; i + 1 < end; i += 2) {
      const m0 = pair(a0, i);
      const m1 = pair(a1, i);
      const m2 = pair(a2, i);
      const d0 = f64x2.sub(f64x2.add(f64x2.splat(u0), pair(n0, i)), m0);
      const d1 = f64x2.sub(f64x2.add(f64x2.splat(u1), pair(n1, i)), m1);
      const d2 = f64x2.sub(f64x2.add(f64x2.splat(u2), pair(n2, i)), m2);
      const num = f64x2.add(
        f64x2.add(
          f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(al0), m0), d1), d2),
          f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(al1), m1), d0), d2),
        ),
        f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(al2), m2), d0), d1),
      );
      const kept = keptLanes(num, f64x2.mul(f64x2.mul(d0, d1), d2), i, floor, uMask, masks, alphaSums, bounds);
      if (kept == 0) continue;
      for (let lane: u32 = 0; lane < 2; lane++) {
        if ((kept & (1 << lane)) == 0) continue;
        const score = exact3(i + lane, a0, n0, u0, al0, a1, n1, u1, al1, a2, n2, u2, al2, uMask, masks, alphaSums);
        offerScored(heaps, bounds, u, i + lane, owner, score, symmetric);
      }
      floor = ownerFloor(heaps, bounds, owner, symmetric);
    }
  }
  for (; i < end; i++) {
    const v = candidateAt(candidates, i);
    const m0 = load<f64>(at(a0, v, 3));
    const m1 = load<f64>(at(a1, v, 3));
    const m2 = load<f64>(at(a2, v, 3));
    const d0 = u0 + load<f64>(at(n0, v, 3)) - m0;
    const d1 = u1 + load<f64>(at(n1, v, 3)) - m1;
    const d2 = u2 + load<f64>(at(n2, v, 3)) - m2;
    const num = al0 * m0 * d1 * d2 + al1 * m1 * d0 * d2 + al2 * m2 * d0 * d1;
    if (!keptOne(num, d0 * d1 * d2, v, floor, uMask, masks, alphaSums, bounds)) continue;
    const score = exact3(v, a0, n0, u0, al0, a1, n1, u1, al1, a2, n2, u2, al2, uMask, masks, alphaSums);
    offerScored(heaps, bounds, u, v, owner, score, symmetric);
    floor = ownerFloor(heaps, bounds, owner, symmetric);
  }
}

@inline function exact3(
  v: u32, a0: usize, n0: usize, u0: f64, al0: f64, a1: usize, n1: usize, u1: f64, al1: f64,
  a2: usize, n2: usize, u2: f64, al2: f64, uMask: u32, masks: usize, alphaSums: usize,
): f64 {
  const m0 = load<f64>(at(a0, v, 3));
  const m1 = load<f64>(at(a1, v, 3));
  const m2 = load<f64>(at(a2, v, 3));
  const weighted =
    al0 * (m0 / (u0 + load<f64>(at(n0, v, 3)) - m0)) +
    al1 * (m1 / (u1 + load<f64>(at(n1, v, 3)) - m1)) +
    al2 * (m2 / (u2 + load<f64>(at(n2, v, 3)) - m2));
  return weighted / alphaSumOf(alphaSums, uMask, masks, v);
}

// --- approximate: NN-Descent ---------------------------------------------------------------------------------------

// The approximate method's loops (../nn-descent.ts drives them). A run keeps its arrays in three memories, so that
// no single 4 GiB memory bounds the users it takes: the sets (what scoring reads), the candidate lists and the graph.
// Each loop below works in one of them (an instance of these kernels per memory), and ../nn-descent.ts copies the
// little that crosses between them: a chunk's candidate ids, a block's updates, offers to the candidate lists, and
// per user the floor of its list and of its new candidates.
//
// Each user keeps a bounded list of neighbours sorted best first under the heaps' strict order (higher score, then
// smaller original index), with a flag per entry: 1 new (not yet sampled for a join), 0 old, 2 inserted in the
// current iteration. A list names six u32: capacity and the byte offsets of ids (u32), scores (f64), flags (u32, or 0
// for none), sizes (u32) and ranks (u32 per internal id: its original index, which breaks ties; or 0: the ids break
// them). The candidate lists of a join use the same layout, with a random u32 priority for the score. A sorted array
// rather than a heap: the output is a prefix, an entry's flag moves with it, and the duplicate check (every insert
// needs one) finds the place to insert too.
//
// Scores: a pair's S is computed as the exact engine computes it (the same minima, added in ascending tag order,
// Σ max = |p|₁ + |q|₁ − Σ min, Σ α_s · J_s over p's sources in source order, over alphaSums[mask p | mask q]), so a
// listed pair's score is bit-for-bit the exact engine's. One side of the pair is spread over a by-tag array per
// source (as perSource does), so a pair costs one walk of the other user's tags, where an unshared tag adds
// minOf(0, w) = 0 exactly. A source where p has data and q has none gives 0 / |p|₁ = 0, exactly the term the exact
// engine leaves out or adds as 0.
//
// `desc` names the sources: u32 sourceCount, masks, alphaSums, alphas (f64), then per source setOffsets, tagIds,
// setWeights, norms, byTag (this thread's, all zero between spreads) and 1 when every weight of the source is the same
// (interests: 1), else 0. Then min(byTag[t], w) = byTag[t] (it holds 0 or that weight), so the walk need not read
// the other user's weights: a third fewer cache lines a pair, the same additions bit for bit. Then a bitset pointer
// (0 for none) and its u64 words per user: a source whose every weight is 1 may have one bit per tag and user, and
// then Σ min is the number of shared tags, popcount(p & q) (adding 1 that many times, as the accumulators do, is
// exact), a dozen word operations where the walk was a chain of dependent additions.

@inline function descField(desc: usize, i: u32): usize {
  return <usize>load<u32>(at(desc, i, 2));
}
@inline function sourceField(desc: usize, s: u32, f: u32): usize {
  return descField(desc, 4 + s * 8 + f);
}

@inline function better(s1: f64, id1: u32, s2: f64, id2: u32): bool {
  return s1 > s2 || (s1 == s2 && id1 < id2);
}

/** better() in a list's order: equal scores go to the smaller rank (the original index, when the list names the
 *  ranks of its users' internal ids), else to the smaller id. */
@inline function ahead(list: usize, s1: f64, id1: u32, s2: f64, id2: u32): bool {
  if (s1 != s2) return s1 > s2;
  const ranks = listRanks(list);
  return ranks == 0 ? id1 < id2 : load<u32>(at(ranks, id1, 2)) < load<u32>(at(ranks, id2, 2));
}

/** Writes (or, with clear, zeroes) user p's weights into each of its sources' by-tag arrays. */
function spread(desc: usize, p: u32, clear: bool): void {
  const sourceCount = load<u32>(desc);
  for (let s: u32 = 0; s < sourceCount; s++) {
    const offsets = sourceField(desc, s, 0);
    const tagIds = sourceField(desc, s, 1);
    const weights = sourceField(desc, s, 2);
    const byTag = sourceField(desc, s, 4);
    if (sourceField(desc, s, 6) != 0) continue; // read from the bitset instead
    const end = load<u32>(at(offsets, p + 1, 2));
    for (let j = load<u32>(at(offsets, p, 2)); j < end; j++) {
      store<f64>(at(byTag, load<u32>(at(tagIds, j, 2)), 3), clear ? 0 : load<f64>(at(weights, j, 3)));
    }
  }
}

/** The tags p and q share in a source scored by bitset (`words` u64 a user): Σ min when every weight is 1. */
@inline function sharedBits(bits: usize, words: u32, p: u32, q: u32): f64 {
  const a = at(bits, p * words, 3);
  const b = at(bits, q * words, 3);
  let shared: u64 = 0;
  for (let i: u32 = 0; i < words; i++) shared += popcnt(load<u64>(at(a, i, 3)) & load<u64>(at(b, i, 3)));
  return <f64>shared;
}

/**
 * perSource's J for a source scored by bitset (every weight 1, so its sets need not be in memory): Σ min is the
 * count of shared tags, the same double perSource's additions of 1 reach, then the same formula.
 */
export function bitsetPerSource(u: u32, count: u32, neighbours: usize, bits: usize, words: u32, norms: usize, out: usize, stride: u32, s: u32): void {
  const nu = load<f64>(at(norms, u, 3));
  for (let r: u32 = 0; r < count; r++) {
    const v = load<u32>(at(neighbours, r, 2));
    const nv = load<f64>(at(norms, v, 3));
    let jaccard: f64 = NaN;
    if (nu > 0 || nv > 0) {
      const sumMin = nu > 0 ? sharedBits(bits, words, u, v) : 0;
      jaccard = sumMin > 0 ? sumMin / (nu + nv - sumMin) : 0;
    }
    store<f64>(at(out, r * stride + s, 3), jaccard);
  }
}

/** S(p, q) with p spread; 0 when they share no tag (not a neighbour) or p has no data. */
function spreadScore(desc: usize, p: u32, q: u32): f64 {
  const masks = descField(desc, 1);
  const pMask = load<u32>(at(masks, p, 2));
  if (pMask == 0) return 0;
  const alphas = descField(desc, 3);
  const sourceCount = load<u32>(desc);
  let weighted: f64 = 0;
  let shared = false;
  for (let s: u32 = 0; s < sourceCount; s++) {
    if ((pMask & (1 << s)) == 0) continue;
    const offsets = sourceField(desc, s, 0);
    const tagIds = sourceField(desc, s, 1);
    const weights = sourceField(desc, s, 2);
    const norms = sourceField(desc, s, 3);
    const byTag = sourceField(desc, s, 4);
    let sumMin: f64 = 0;
    const bits = sourceField(desc, s, 6);
    if (bits != 0) {
      sumMin = sharedBits(bits, <u32>sourceField(desc, s, 7), p, q);
    } else if (sourceField(desc, s, 5) != 0) {
      const end = load<u32>(at(offsets, q + 1, 2));
      for (let b = load<u32>(at(offsets, q, 2)); b < end; b++) sumMin += load<f64>(at(byTag, load<u32>(at(tagIds, b, 2)), 3));
    } else {
      const end = load<u32>(at(offsets, q + 1, 2));
      for (let b = load<u32>(at(offsets, q, 2)); b < end; b++) {
        sumMin += minOf(load<f64>(at(byTag, load<u32>(at(tagIds, b, 2)), 3)), load<f64>(at(weights, b, 3)));
      }
    }
    if (sumMin > 0) shared = true;
    weighted += load<f64>(at(alphas, s, 3)) * (sumMin / (load<f64>(at(norms, p, 3)) + load<f64>(at(norms, q, 3)) - sumMin));
  }
  if (!shared) return 0;
  return weighted / load<f64>(at(descField(desc, 2), pMask | load<u32>(at(masks, q, 2)), 3));
}

@inline function listCapacity(list: usize): u32 {
  return load<u32>(list);
}
@inline function listIds(list: usize): usize {
  return load<u32>(list, 4);
}
@inline function listScores(list: usize): usize {
  return load<u32>(list, 8);
}
@inline function listFlags(list: usize): usize {
  return load<u32>(list, 12);
}
@inline function listSizes(list: usize): usize {
  return load<u32>(list, 16);
}
@inline function listRanks(list: usize): usize {
  return load<u32>(list, 20);
}

/** Whether (id, score) would enter owner o's list: it is not full, or the pair beats its worst entry. */
@inline function accepts(list: usize, o: u32, id: u32, score: f64): bool {
  const capacity = listCapacity(list);
  if (load<u32>(at(listSizes(list), o, 2)) < capacity) return true;
  const worst = o * capacity + capacity - 1;
  return ahead(list, score, id, load<f64>(at(listScores(list), worst, 3)), load<u32>(at(listIds(list), worst, 2)));
}

/** Inserts (id, score) into owner o's sorted list with `flag`, unless the id is there already (a pair's score is
 *  always the same, so it sits where it would go) or the list is full of better entries. Returns whether it went
 *  in. What a list holds after any sequence of inserts is the best `capacity` of the distinct ids offered, whatever
 *  their order. */
export function listInsert(list: usize, o: u32, id: u32, score: f64, flag: u32): bool {
  if (!accepts(list, o, id, score)) return false;
  const capacity = listCapacity(list);
  const ids = listIds(list);
  const scores = listScores(list);
  const flags = listFlags(list);
  const sizeAt = at(listSizes(list), o, 2);
  const size = load<u32>(sizeAt);
  const base = o * capacity;
  let pos: u32 = 0;
  for (; pos < size; pos++) {
    const eid = load<u32>(at(ids, base + pos, 2));
    if (eid == id) return false;
    if (ahead(list, score, id, load<f64>(at(scores, base + pos, 3)), eid)) break;
  }
  // The duplicate, if any, is at pos or after it only if its score differs, which a pair's score never does.
  for (let i = size < capacity ? size : capacity - 1; i > pos; i--) {
    store<u32>(at(ids, base + i, 2), load<u32>(at(ids, base + i - 1, 2)));
    store<f64>(at(scores, base + i, 3), load<f64>(at(scores, base + i - 1, 3)));
    if (flags != 0) store<u32>(at(flags, base + i, 2), load<u32>(at(flags, base + i - 1, 2)));
  }
  store<u32>(at(ids, base + pos, 2), id);
  store<f64>(at(scores, base + pos, 3), score);
  if (flags != 0) store<u32>(at(flags, base + pos, 2), flag);
  if (size < capacity) store<u32>(sizeAt, size + 1);
  return true;
}

/** A 32-bit hash of three words (murmur3's finaliser, chained): the method's only source of randomness, so every
 *  draw is a function of (seed, ...) and not of which thread makes it or when. */
@inline function mix(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}
@inline function hash3(a: u32, b: u32, c: u32): u32 {
  return mix(mix(mix(a + 0x9e3779b9) ^ b) + 0x7f4a7c15 ^ c);
}

/**
 * User u's starting neighbours (sets memory): `draws` users drawn at random (hash of seed, u, draw), or the `draws`
 * users at starts[u · draws ..] (u32; u itself stands for none) when `starts` is not 0, or everyone else when there
 * are no more than `draws` of them; each that shares a tag is written to updates[count..] as joinUser writes (u, v,
 * score), for startLists. Adds the pairs scored to the f64 at `stats`. Returns the new update count.
 */
export function initUser(desc: usize, u: u32, n: u32, draws: u32, seed: u32, starts: usize, updates: usize, count: u32, stats: usize): u32 {
  spread(desc, u, false);
  let scored: u32 = 0;
  const everyone = draws >= n - 1;
  const total = everyone ? n : draws;
  for (let r: u32 = 0; r < total; r++) {
    const v = everyone ? r : starts != 0 ? load<u32>(at(starts, u * draws + r, 2)) : <u32>((<u64>hash3(seed, u, r) * <u64>n) >> 32);
    if (v == u) continue;
    const score = spreadScore(desc, u, v);
    scored++;
    if (score > 0) count = writeUpdate(updates, count, u, v, score);
  }
  spread(desc, u, true);
  store<f64>(stats, load<f64>(stats) + <f64>scored);
  return count;
}

/** Graph memory: each of initUser's `count` records (u, v, score) goes into u's list as new. */
export function startLists(graph: usize, updates: usize, count: u32): void {
  for (let i: u32 = 0; i < count; i++) {
    const rec = updates + (<usize>i << 4);
    listInsert(graph, load<u32>(rec), load<u32>(rec, 4), load<f64>(rec, 8), 1);
  }
}

@inline function writeUpdate(updates: usize, count: u32, p: u32, q: u32, score: f64): u32 {
  const rec = updates + (<usize>count << 4);
  store<u32>(rec, p);
  store<u32>(rec, q, 4);
  store<f64>(rec, score, 8);
  return count + 1;
}

/** The random priority of pair {a, b} in iteration `iteration`: the same from either end. */
@inline function priority(seed: u32, iteration: u32, a: u32, b: u32): u32 {
  return hash3(seed ^ mix(iteration), min(a, b), max(a, b));
}

// Candidate lists: a list layout whose scores are u32 priorities (4 bytes an entry less than a graph list's f64
// scores: the candidates are the largest arrays of a run), no flags and no ranks, best first by (priority, id).

@inline function candidateAhead(p1: u32, id1: u32, p2: u32, id2: u32): bool {
  return p1 > p2 || (p1 == p2 && id1 < id2);
}

/** Inserts (id, p) into owner o's candidate list unless the id is there already or the list is full of better
 *  entries: it keeps the best `capacity` distinct ids offered, whatever their order. */
function candidateInsert(list: usize, o: u32, id: u32, p: u32): void {
  const capacity = listCapacity(list);
  const ids = listIds(list);
  const priorities = listScores(list);
  const sizeAt = at(listSizes(list), o, 2);
  const size = load<u32>(sizeAt);
  const base = o * capacity;
  const last = base + capacity - 1;
  if (size == capacity && !candidateAhead(p, id, load<u32>(at(priorities, last, 2)), load<u32>(at(ids, last, 2)))) return;
  let pos: u32 = 0;
  for (; pos < size; pos++) {
    const eid = load<u32>(at(ids, base + pos, 2));
    if (eid == id) return;
    if (candidateAhead(p, id, load<u32>(at(priorities, base + pos, 2)), eid)) break;
  }
  for (let i = size < capacity ? size : capacity - 1; i > pos; i--) {
    store<u32>(at(ids, base + i, 2), load<u32>(at(ids, base + i - 1, 2)));
    store<u32>(at(priorities, base + i, 2), load<u32>(at(priorities, base + i - 1, 2)));
  }
  store<u32>(at(ids, base + pos, 2), id);
  store<u32>(at(priorities, base + pos, 2), p);
  if (size < capacity) store<u32>(sizeAt, size + 1);
}

// Building an iteration's candidates (PyNNDescent's new_build_candidates, with the priority a hash instead of a
// draw): each neighbour v of u goes to u's new or old candidates by its flag, and u to v's, keeping per user the
// `capacity` candidates of highest priority. The graph and the candidate lists are in different memories, so the
// graph's side writes offers and the candidates' side takes them: 12 bytes an offer, u32 owner (bit 31 set for the
// new list), u32 id and u32 priority. Each thread offers from every list but only to owners in its own range.

const NEW_OFFER: u32 = 0x80000000;

/** Graph memory: the offers of users [first, last)'s lists to owners in [from, to), written to offers[count..].
 *  Returns the new count (at most 2 · capacity an offering user). */
export function offerCandidates(graph: usize, first: u32, last: u32, from: u32, to: u32, seed: u32, iteration: u32, offers: usize, count: u32): u32 {
  const capacity = listCapacity(graph);
  const ids = listIds(graph);
  const flags = listFlags(graph);
  const sizes = listSizes(graph);
  for (let u = first; u < last; u++) {
    const size = load<u32>(at(sizes, u, 2));
    const base = u * capacity;
    const mine = u >= from && u < to;
    for (let r: u32 = 0; r < size; r++) {
      const v = load<u32>(at(ids, base + r, 2));
      const theirs = v >= from && v < to;
      if (!mine && !theirs) continue;
      const p = priority(seed, iteration, u, v);
      const kind = load<u32>(at(flags, base + r, 2)) != 0 ? NEW_OFFER : 0;
      if (mine) count = writeOffer(offers, count, u | kind, v, p);
      if (theirs) count = writeOffer(offers, count, v | kind, u, p);
    }
  }
  return count;
}

@inline function writeOffer(offers: usize, count: u32, owner: u32, id: u32, p: u32): u32 {
  const rec = offers + <usize>count * 12;
  store<u32>(rec, owner);
  store<u32>(rec, id, 4);
  store<u32>(rec, p, 8);
  return count + 1;
}

/** Candidate memory: `count` offers into the new or old candidate lists of their owners (whose sizes the caller set
 *  to 0 at the iteration's start). What a list keeps does not depend on the offers' order. */
export function takeCandidates(newC: usize, oldC: usize, offers: usize, count: u32): void {
  for (let i: u32 = 0; i < count; i++) {
    const rec = offers + <usize>i * 12;
    const owner = load<u32>(rec);
    candidateInsert((owner & NEW_OFFER) != 0 ? newC : oldC, owner & ~NEW_OFFER, load<u32>(rec, 4), load<u32>(rec, 8));
  }
}

/** Graph memory: marks old each new neighbour of users [from, to) that made u's new candidates (it is joined this
 *  iteration): v made the list if (priority, v) is not below the (priority, id) at sampled[2u] (two u32: the worst
 *  of u's full new candidates, else (0, 2³² − 1), which every offer beats; nn-descent.ts copies them from the
 *  candidate memory). */
export function markSampled(graph: usize, sampled: usize, from: u32, to: u32, seed: u32, iteration: u32): void {
  const capacity = listCapacity(graph);
  const ids = listIds(graph);
  const flags = listFlags(graph);
  const sizes = listSizes(graph);
  for (let u = from; u < to; u++) {
    const base = u * capacity;
    const size = load<u32>(at(sizes, u, 2));
    const worstPriority = load<u32>(at(sampled, 2 * u, 2));
    const worstId = load<u32>(at(sampled, 2 * u + 1, 2));
    for (let r: u32 = 0; r < size; r++) {
      if (load<u32>(at(flags, base + r, 2)) == 0) continue;
      const v = load<u32>(at(ids, base + r, 2));
      if (!candidateAhead(worstPriority, worstId, priority(seed, iteration, u, v), v)) store<u32>(at(flags, base + r, 2), 0);
    }
  }
}

/**
 * The local join of one user (sets memory): every pair of its `cn` new candidates (u32 at newIds), and each new
 * candidate with each of its `co` old ones (at oldIds), scored and written to updates[count..] (u32 p, u32 q, f64
 * score: 16 bytes) when it would enter p's or q's list as the graph stood before the join: the score reaches p's or
 * q's floor (f64 at floors, the worst score of a full list, -Infinity before). The updates are applied afterwards
 * (applyUpdates, which keeps only what does enter), so the result does not depend on the order in which threads
 * join users. Adds the pairs scored to the f64 at `stats`. Returns the new update count.
 */
export function joinUser(desc: usize, newIds: usize, cn: u32, oldIds: usize, co: u32, floors: usize, updates: usize, count: u32, stats: usize): u32 {
  let scored: u32 = 0;
  for (let i: u32 = 0; i < cn; i++) {
    const p = load<u32>(at(newIds, i, 2));
    spread(desc, p, false);
    const pFloor = load<f64>(at(floors, p, 3));
    for (let j: u32 = i + 1; j < cn + co; j++) {
      const q = j < cn ? load<u32>(at(newIds, j, 2)) : load<u32>(at(oldIds, j - cn, 2));
      if (q == p) continue;
      const score = spreadScore(desc, p, q);
      scored++;
      if (score > 0 && (score >= pFloor || score >= load<f64>(at(floors, q, 3)))) count = writeUpdate(updates, count, p, q, score);
    }
    spread(desc, p, true);
  }
  store<f64>(stats, load<f64>(stats) + <f64>scored);
  return count;
}

/** Graph memory: applies `count` updates (joinUser's records) to the lists of users [from, to): p gets q and q gets
 *  p, flagged 2. */
export function applyUpdates(graph: usize, updates: usize, count: u32, from: u32, to: u32): void {
  for (let i: u32 = 0; i < count; i++) {
    const rec = updates + (<usize>i << 4);
    const p = load<u32>(rec);
    const q = load<u32>(rec, 4);
    const score = load<f64>(rec, 8);
    if (p >= from && p < to) listInsert(graph, p, q, score, 2);
    if (q >= from && q < to) listInsert(graph, q, p, score, 2);
  }
}

/** Graph memory: ends an iteration for users [from, to): entries inserted in it (flag 2) become new (1). Returns how
 *  many. */
export function settleFlags(graph: usize, from: u32, to: u32): u32 {
  const capacity = listCapacity(graph);
  const flags = listFlags(graph);
  const sizes = listSizes(graph);
  let inserted: u32 = 0;
  for (let u = from; u < to; u++) {
    const base = u * capacity;
    const size = load<u32>(at(sizes, u, 2));
    for (let r: u32 = 0; r < size; r++) {
      if (load<u32>(at(flags, base + r, 2)) == 2) {
        store<u32>(at(flags, base + r, 2), 1);
        inserted++;
      }
    }
  }
  return inserted;
}
