/** Small helpers every bench shares: a seeded PRNG and a summary line with median, min and mean±std. */
import { Random } from "../../src/synth/random.js";

/** A seeded PRNG (src/synth's mulberry32) so data and queries are identical across process runs. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

export interface Summary {
  median: number;
  min: number;
  mean: number;
  std: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  const std = Math.sqrt(samples.reduce((s, x) => s + (x - mean) ** 2, 0) / samples.length);
  return { median, min: sorted[0], mean, std };
}

/** `label  median 812 ms  (min 790, mean 815±12, n=5)`, labels padded so columns line up. */
export function formatSummary(label: string, samples: readonly number[], unit = "ms"): string {
  const s = summarize(samples);
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  return `${label.padEnd(36)} median ${f(s.median)} ${unit}  (min ${f(s.min)}, mean ${f(s.mean)}±${f(s.std)}, n=${samples.length})`;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
