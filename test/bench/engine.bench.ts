// The similarity engine alone over the full data set: single thread (rankUsers) against worker threads
// (rankAllUsers, 2 workers by default) in the same process, after a warm-up. The input is what `npm run rank` ranks:
// the CSVs in seeds/ (or $KINDRED_DATA) seeded into a scratch database and loaded by src/profiles.
// Usage: npm run bench -- engine -- [--reps 5] [--workers 2] [--k 20]
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/database-url.js";
import { sources } from "../../src/profiles/source.js";
import { rankAllUsers } from "../../src/similarity/rank-all-users.js";
import { rankUsers } from "../../src/similarity/rank-users.js";
import type { EngineInput, NeighbourLists } from "../../src/similarity/types.js";
import { seededProfiles } from "./seeded-profiles.js";
import { formatSummary, peakRssMiB, summarize } from "./stats.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const REPS = option("reps", 5);
const WORKERS = option("workers", 2);
const K = option("k", 20);
const dataDir = process.env.KINDRED_DATA ?? path.join(projectRoot, "seeds");

// --- engine input ---------------------------------------------------------------------------------------------
// The profiles `npm run rank` ranks: the CSVs seeded into a scratch database, loaded by the same SQL (src/profiles).

async function loadInput(): Promise<EngineInput> {
  const profiles = await seededProfiles(undefined);
  return { userCount: profiles.handles.length, sources: profiles.sources, alphas: sources.map(() => 1) };
}

// --- measure -------------------------------------------------------------------------------------------------------

function sameLists(a: NeighbourLists, b: NeighbourLists): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => Object.is(v, y[i]));
  return eq(a.count, b.count) && eq(a.neighbour, b.neighbour) && eq(a.score, b.score) && eq(a.perSource, b.perSource);
}

let started = performance.now();
const input = await loadInput();
console.log(`input seeded from ${dataDir} and loaded in ${(performance.now() - started).toFixed(0)} ms`);
console.log(
  `users ${input.userCount}, entries ` +
    input.sources.map((s, i) => `${sources[i]} ${s.tagIds.length} (${s.tagCount} tags)`).join(", ") +
    `, k ${K}`,
);

const single: number[] = [];
const multi: number[] = [];
const singleCpu: number[] = [];
const multiCpu: number[] = [];
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since); // every thread of this process, workers included
  return (used.user + used.system) / 1000;
};
const loadBefore = os.loadavg()[0];
let reference = rankUsers(input, K); // warm-up, and the lists every later run must reproduce
const warm = await rankAllUsers(input, K, { workers: WORKERS });
if (!sameLists(reference, warm)) throw new Error(`${WORKERS} workers disagree with the single thread`);
for (let rep = 0; rep < REPS; rep++) {
  let cpu = process.cpuUsage();
  started = performance.now();
  reference = rankUsers(input, K);
  single.push(performance.now() - started);
  singleCpu.push(cpuMs(cpu));
  cpu = process.cpuUsage();
  started = performance.now();
  const lists = await rankAllUsers(input, K, { workers: WORKERS });
  multi.push(performance.now() - started);
  multiCpu.push(cpuMs(cpu));
  if (!sameLists(reference, lists)) throw new Error(`${WORKERS} workers disagree with the single thread`);
}

const accumulations = reference.accumulations;
const neighbours = reference.count.reduce((s, c) => s + c, 0);
console.log(`accumulations ${accumulations.toLocaleString("en")} (inverted-list entries visited), neighbours kept ${neighbours}`);
console.log(formatSummary("single thread (rankUsers), wall", single));
console.log(formatSummary("single thread, CPU", singleCpu));
console.log(formatSummary(`${WORKERS} workers (rankAllUsers), wall`, multi));
console.log(formatSummary(`${WORKERS} workers, CPU (all threads)`, multiCpu));
const s = summarize(single).median;
const m = summarize(multi).median;
const perAccumulation = (ms: number) => ((ms * 1e6) / accumulations).toFixed(2);
console.log(
  `speed-up ${(s / m).toFixed(2)}x (wall medians); ns per accumulation, wall: single ${perAccumulation(s)}, ` +
    `${WORKERS} workers ${perAccumulation(m)}; CPU: single ${perAccumulation(summarize(singleCpu).median)}`,
);
console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB; results identical for 1 thread and ${WORKERS} workers in every rep`);
console.log(
  `machine: ${os.availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before, ` +
    `${os.loadavg()[0].toFixed(1)} after` +
    (Math.max(loadBefore, os.loadavg()[0]) > os.availableParallelism() ? " (other processes shared the CPUs)" : ""),
);
