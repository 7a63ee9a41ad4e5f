/** A seeded pseudo-random source and the few distributions the generator draws from. Same seed, same sequence. */

/** mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast, and good enough for shaping synthetic data. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller; one of the pair is dropped so each call consumes exactly two draws). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** exp(N(ln median, sigma²)): median `median`, mean median·e^(σ²/2). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Failures before the first success, P(k) = (1 - p) p^k with continuation probability p; mean p / (1 - p). */
  geometric(p: number): number {
    return Math.floor(Math.log(1 - this.next()) / Math.log(p));
  }
}

/** Draws indexes 0..n-1 in proportion to fixed weights, by binary search over the cumulative sums. */
export class WeightedChoice {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    if (weights.length === 0) throw new Error("WeightedChoice needs at least one weight");
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = sum += weights[i];
  }

  pick(random: Random): number {
    const c = this.cumulative;
    const x = random.next() * c[c.length - 1];
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Weights 1/(r+1)^s for ranks 0..n-1: a few popular items and a long tail. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) w[r] = 1 / (r + 1) ** s;
  return w;
}

/** A seed for one stream derived from a base seed and a key (a user handle), so a user's rows do not depend on how
 *  many users come before it. splitmix-style integer mixing. */
export function deriveSeed(seed: number, key: number): number {
  let h = (seed ^ Math.imul(key + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
