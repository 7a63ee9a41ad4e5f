// AssemblyScript, compiled to kernels.wasm by `npm run build:wasm` (not part of the Node TypeScript build).
//
// The engine's two hot loops, the ones every pair goes through: adding minima into accumulators along posting lists,
// and scanning a range of accumulators for candidates that might beat a heap's floor. ranker.js keeps everything
// else (the heaps, exact scores, per-source J) and calls these with byte offsets into one shared WebAssembly.Memory
// (arena.js). Why WebAssembly: measured on the full data, V8's code for the scan loop cost ~10 ns a slot, this code
// ~4 ns (two slots per f64x2 step, no bounds checks), and a scatter-add into a Float64Array ~3.5 ns against ~1.6 ns.
//
// Every floating-point operation here is the one ranker.js would do, in the same order, so sums and scores are
// bit-for-bit those of the JavaScript they replace: IEEE 754 doubles give the same result for the same operations
// in either language.

// --- accumulate ------------------------------------------------------------------------------------------------------

// min(a, b) = (a + b − |a − b|) / 2: no branch (a mispredicted Math.min doubled the cost of a course entry). It is
// symmetric and exact when a = b; otherwise within an ulp of min(a, b). ranker.js's per-source J uses the same.
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

/** Zeroes bytes [at, at + bytes): accumulators after a scan. memory.fill is a memset (0.23 ns per double here), where
 *  TypedArray.fill on shared memory goes element by element (0.84 ns). */
export function clear(at: usize, bytes: usize): void {
  memory.fill(at, 0, bytes);
}

// --- scan ------------------------------------------------------------------------------------------------------------

// The dense filter of ranker.js, one function per number of sources the query user has data in (1, 2 or 3: a0.. are
// those sources' accumulators, n0.. their norms, u0.. the query user's norms, al0.. their α, in source order). For
// each v in [first, end) it forms S as one fraction, num / (Σα · den) with den = Π Σ max, and writes v to out when
// it is not clearly below min(ownerFloor, the shared bound of v), as ranker.js's score() explains. Returns how many
// it wrote. bounds holds ⌊floor · 2³⁰⌋ per user (a query passes 2³¹ − 1 everywhere: above any score). Accumulators
// are left as they are; the caller reads the candidates' sums, then clears the range.

const BOUND_UNIT: f64 = 1.0 / <f64>(1 << 30);
const MARGIN: f64 = 1 - 1e-12;

/** Lanes v and v + 1 of a Float64Array. */
@inline function pair(base: usize, v: u32): v128 {
  return v128.load(at(base, v, 3));
}

/** Bit 0 (v) and bit 1 (v + 1): kept. The same test as ranker.js's, lane by lane. */
@inline function keptLanes(num: v128, den: v128, v: u32, ownerFloor: v128, uMask: u32, masks: usize, alphaSums: usize, bounds: usize): i32 {
  const bound = f64x2.mul(f64x2.convert_low_i32x4_s(v128.load64_zero(at(bounds, v, 2))), f64x2.splat(BOUND_UNIT));
  const floor = f64x2.pmin(ownerFloor, bound);
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

/** The scalar test, for the last v of an odd range. */
@inline function keptOne(num: f64, den: f64, v: u32, ownerFloor: f64, uMask: u32, masks: usize, alphaSums: usize, bounds: usize): bool {
  const floor = min(ownerFloor, <f64>load<i32>(at(bounds, v, 2)) * BOUND_UNIT);
  const alphaSum = load<f64>(at(alphaSums, uMask | load<u32>(at(masks, v, 2)), 3));
  if (num < floor * alphaSum * den * MARGIN && den > 1e-280 && den < 1e280) return false;
  return num > 0;
}

@inline function emit(out: usize, count: u32, v: u32, kept: i32): u32 {
  if (kept & 1) store<u32>(at(out, count++, 2), v);
  if (kept & 2) store<u32>(at(out, count++, 2), v + 1);
  return count;
}

export function scan1(
  first: u32, end: u32, a0: usize, n0: usize, u0: f64, al0: f64,
  uMask: u32, masks: usize, alphaSums: usize, bounds: usize, ownerFloor: f64, out: usize,
): u32 {
  const floorLanes = f64x2.splat(ownerFloor);
  let count: u32 = 0;
  let v = first;
  for (; v + 1 < end; v += 2) {
    const m0 = pair(a0, v);
    const d0 = f64x2.sub(f64x2.add(f64x2.splat(u0), pair(n0, v)), m0);
    const num = f64x2.mul(f64x2.splat(al0), m0);
    const kept = keptLanes(num, d0, v, floorLanes, uMask, masks, alphaSums, bounds);
    if (kept) count = emit(out, count, v, kept);
  }
  if (v < end) {
    const m0 = load<f64>(at(a0, v, 3));
    const d0 = u0 + load<f64>(at(n0, v, 3)) - m0;
    if (keptOne(al0 * m0, d0, v, ownerFloor, uMask, masks, alphaSums, bounds)) count = emit(out, count, v, 1);
  }
  return count;
}

export function scan2(
  first: u32, end: u32, a0: usize, n0: usize, u0: f64, al0: f64, a1: usize, n1: usize, u1: f64, al1: f64,
  uMask: u32, masks: usize, alphaSums: usize, bounds: usize, ownerFloor: f64, out: usize,
): u32 {
  const floorLanes = f64x2.splat(ownerFloor);
  let count: u32 = 0;
  let v = first;
  for (; v + 1 < end; v += 2) {
    const m0 = pair(a0, v);
    const m1 = pair(a1, v);
    const d0 = f64x2.sub(f64x2.add(f64x2.splat(u0), pair(n0, v)), m0);
    const d1 = f64x2.sub(f64x2.add(f64x2.splat(u1), pair(n1, v)), m1);
    const num = f64x2.add(
      f64x2.mul(f64x2.mul(f64x2.splat(al0), m0), d1),
      f64x2.mul(f64x2.mul(f64x2.splat(al1), m1), d0),
    );
    const den = f64x2.mul(d0, d1);
    const kept = keptLanes(num, den, v, floorLanes, uMask, masks, alphaSums, bounds);
    if (kept) count = emit(out, count, v, kept);
  }
  if (v < end) {
    const m0 = load<f64>(at(a0, v, 3));
    const m1 = load<f64>(at(a1, v, 3));
    const d0 = u0 + load<f64>(at(n0, v, 3)) - m0;
    const d1 = u1 + load<f64>(at(n1, v, 3)) - m1;
    const num = al0 * m0 * d1 + al1 * m1 * d0;
    if (keptOne(num, d0 * d1, v, ownerFloor, uMask, masks, alphaSums, bounds)) count = emit(out, count, v, 1);
  }
  return count;
}

export function scan3(
  first: u32, end: u32, a0: usize, n0: usize, u0: f64, al0: f64, a1: usize, n1: usize, u1: f64, al1: f64,
  a2: usize, n2: usize, u2: f64, al2: f64,
  uMask: u32, masks: usize, alphaSums: usize, bounds: usize, ownerFloor: f64, out: usize,
): u32 {
  const floorLanes = f64x2.splat(ownerFloor);
  let count: u32 = 0;
  let v = first;
  for (; v + 1 < end; v += 2) {
    const m0 = pair(a0, v);
    const m1 = pair(a1, v);
    const m2 = pair(a2, v);
    const d0 = f64x2.sub(f64x2.add(f64x2.splat(u0), pair(n0, v)), m0);
    const d1 = f64x2.sub(f64x2.add(f64x2.splat(u1), pair(n1, v)), m1);
    const d2 = f64x2.sub(f64x2.add(f64x2.splat(u2), pair(n2, v)), m2);
    const num = f64x2.add(
      f64x2.add(
        f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(al0), m0), d1), d2),
        f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(al1), m1), d0), d2),
      ),
      f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(al2), m2), d0), d1),
    );
    const den = f64x2.mul(f64x2.mul(d0, d1), d2);
    const kept = keptLanes(num, den, v, floorLanes, uMask, masks, alphaSums, bounds);
    if (kept) count = emit(out, count, v, kept);
  }
  if (v < end) {
    const m0 = load<f64>(at(a0, v, 3));
    const m1 = load<f64>(at(a1, v, 3));
    const m2 = load<f64>(at(a2, v, 3));
    const d0 = u0 + load<f64>(at(n0, v, 3)) - m0;
    const d1 = u1 + load<f64>(at(n1, v, 3)) - m1;
    const d2 = u2 + load<f64>(at(n2, v, 3)) - m2;
    const num = al0 * m0 * d1 * d2 + al1 * m1 * d0 * d2 + al2 * m2 * d0 * d1;
    if (keptOne(num, d0 * d1 * d2, v, ownerFloor, uMask, masks, alphaSums, bounds)) count = emit(out, count, v, 1);
  }
  return count;
}
