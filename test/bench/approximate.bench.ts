// The approximate method (NN-Descent, src/similarity/approximate.ts) against the exact engine on one input: wall and
// CPU time of each, recall@5/@20 of the approximate lists from a seeded sample of exact single-user queries, peak RSS,
// and the exact run's predicted work (exactAccumulations, the auto switch's predictor). The approximate run goes
// first, so the peak RSS printed after it is its own (with the loaded input); the exact run's is the process's after
// both.
// Input: an already seeded database (--db file:/tmp/k100.db, e.g. `npm run synth -- --users 100000 --out DIR`, then
// `DATABASE_URL=file:/tmp/k100.db npx prisma migrate deploy` and `npm run seed -- --dir DIR`), or else the CSVs in
// $KINDRED_DATA (default seeds/) seeded into a scratch database, loaded as `npm run rank` loads them.
// Or, without any database: --synth N [--synth-seed 1] [--cache DIR], the profiles `npm run synth -- --users N` gives,
// built in memory (synth-input.ts) and cached in DIR (default /work/scratch/engine-scale) as one binary file.
// The exact run prints its progress every 30 s (users done, and the share of its accumulations theirs: pairWork, as
// a user pairs with the users after it, and rank-worker.ts claims blocks from the last user down, so the first users
// done are the cheapest), so a run too long to wait for still gives its pace;
// --no-approximate runs the exact engine alone.
// Usage: npm run bench -- approximate -- [--db URL | --synth N] [--workers 2] [--k 20] [--sample 1000] [--no-exact] [--no-approximate]
//        [--neighbours 30] [--max-candidates 30] [--iterations 12] [--delta 0.001] [--seed 1] [--start random|sorted]
//        [--order locality|index] [--block-users 2048]
import os from "node:os";
import { sources } from "../../src/profiles/source.js";
import { approximateAllUsers } from "../../src/similarity/approximate.js";
import { exactAccumulations, pairWork } from "../../src/similarity/exact-work.js";
import { rankAllUsers } from "../../src/similarity/rank-all-users.js";
import { measureRecall } from "../../src/similarity/recall.js";
import type { EngineInput } from "../../src/similarity/types.js";
import { seededProfiles } from "./seeded-profiles.js";
import { peakRssMiB } from "./stats.js";
import { cachedSynthProfiles } from "./synth-input.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const number = (name: string) => (option(name) === undefined ? undefined : Number(option(name)));
const WORKERS = number("workers") ?? 2;
const K = number("k") ?? 20;
const SAMPLE = number("sample") ?? 1000;
const DB = option("db");
const params = {
  neighbours: number("neighbours"),
  maxCandidates: number("max-candidates"),
  iterations: number("iterations"),
  delta: number("delta"),
  seed: number("seed"),
  start: option("start") as "random" | "sorted" | undefined,
  order: option("order") as "locality" | "index" | undefined,
  blockUsers: number("block-users"),
};

const SYNTH = number("synth");

async function loadInput(): Promise<EngineInput> {
  if (SYNTH !== undefined) return cachedSynthProfiles(SYNTH, number("synth-seed") ?? 1, option("cache") ?? "/work/scratch/engine-scale").input;
  const profiles = await seededProfiles(DB);
  return { userCount: profiles.handles.length, sources: profiles.sources, alphas: sources.map(() => 1) };
}

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
const seconds = (ms: number) => (ms / 1000).toFixed(1);
async function timed<T>(run: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpu); // every thread of this process, workers included
  return { result, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

let started = performance.now();
const input = await loadInput();
console.log(`input loaded from ${SYNTH !== undefined ? `synth ${SYNTH}` : (DB ?? "a scratch database")} in ${seconds(performance.now() - started)} s`);
console.log(
  `users ${input.userCount}, entries ` +
    input.sources.map((s, i) => `${sources[i]} ${s.tagIds.length} (${s.tagCount} tags)`).join(", ") +
    `, k ${K}, ${WORKERS} workers`,
);
started = performance.now();
const predicted = exactAccumulations(input);
console.log(`exact run's predicted accumulations ${predicted.toLocaleString("en")} (computed in ${(performance.now() - started).toFixed(0)} ms)`);

/** Each memory's MiB and bytes a user. */
function memories(bytes: Record<string, number>, users: number): string {
  return Object.entries(bytes)
    .map(([name, b]) => `${name} ${(b / 2 ** 20).toFixed(0)} MiB (${(b / users).toFixed(0)} B a user)`)
    .join(", ");
}

/** The approximate run, its hubs and its recall. */
async function runApproximate(): Promise<void> {
  console.log(`load average before approximate: ${load()}`);
  const approx = await timed(() =>
    approximateAllUsers(input, K, {
      workers: WORKERS,
      ...params,
      onIteration: (i, inserted) => console.log(`  iteration ${i}: ${inserted.toLocaleString("en")} inserted, ${seconds(performance.now() - started)} s`),
    }),
  );
  const { stats } = approx.result;
  console.log(
    `approximate: wall ${seconds(approx.wallMs)} s, CPU ${seconds(approx.cpuMs)} s, ${stats.iterations} iterations, ` +
      `${stats.pairsScored.toLocaleString("en")} pairs scored (${((approx.cpuMs * 1e6) / stats.pairsScored).toFixed(0)} ns CPU each), ` +
      `peak RSS ${peakRssMiB().toFixed(0)} MiB, memories ${memories(approx.result.memoryBytes, input.userCount)}, load average ${load()}`,
  );
  console.log(`  parameters ${JSON.stringify(approx.result.params)}`);
  {
    // Hubs: users on very many lists. Their reverse candidates are capped (maxCandidates), so their joins stay bounded.
    const { lists } = approx.result;
    const listedBy = new Uint32Array(input.userCount);
    for (let i = 0; i < lists.neighbour.length; i++) if (lists.neighbour[i] >= 0) listedBy[lists.neighbour[i]]++;
    const sorted = listedBy.slice().sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    console.log(`  listed by: median ${at(0.5)} lists, 99.9th percentile ${at(0.999)}, most ${sorted.at(-1)} (k ${K})`);
  }
  started = performance.now();
  const recall = measureRecall(input, approx.result.lists, SAMPLE, 1);
  console.log(
    `recall@5 ${recall.at5.toFixed(4)}, recall@20 ${recall.at20.toFixed(4)} over ${recall.counted} of ${recall.sample} ` +
      `sampled users (exact single-user queries, ${seconds(performance.now() - started)} s)`,
  );
}

if (!args.includes("--no-approximate")) await runApproximate();

if (!args.includes("--no-exact")) {
  console.log(`load average before exact: ${load()}`);
  try {
    const work = pairWork(input);
    /** workFrom[u]: the accumulations of users u.. (the `done` users finished are the last ones). */
    const workFrom = new Float64Array(input.userCount + 1);
    for (let u = input.userCount - 1; u >= 0; u--) workFrom[u] = workFrom[u + 1] + work[u];
    const exactStarted = performance.now();
    let reported = exactStarted;
    const exact = await timed(() =>
      rankAllUsers(input, K, {
        workers: WORKERS,
        onProgress: (done, total) => {
          if (performance.now() - reported < 30_000 && done < total) return;
          reported = performance.now();
          const share = (100 * workFrom[input.userCount - done]) / workFrom[0];
          console.log(`  exact: ${done} of ${total} users, ${share.toFixed(2)} % of the accumulations, after ${seconds(reported - exactStarted)} s, load average ${load()}`);
        },
      }),
    );
    console.log(
      `exact: wall ${seconds(exact.wallMs)} s, CPU ${seconds(exact.cpuMs)} s, ` +
        `${exact.result.accumulations.toLocaleString("en")} accumulations (predicted ${predicted === exact.result.accumulations ? "exactly" : predicted.toLocaleString("en")}), ` +
        `peak RSS (process, after both) ${peakRssMiB().toFixed(0)} MiB, load average ${load()}`,
    );
  } catch (error) {
    console.log(`exact: failed: ${(error as Error).message}`);
  }
}
