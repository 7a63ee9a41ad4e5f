// The similarity engine alone over the full data set: single thread (rankUsers) against worker threads
// (rankAllUsers, 2 workers by default) in the same process, after a warm-up. Input is built straight from the CSVs
// in seeds/ (or $KINDRED_DATA) by a small loader below, so the bench needs no database.
// Usage: npm run bench -- engine -- [--reps 5] [--workers 2] [--k 20]
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/database-url.js";
import { rankAllUsers } from "../../src/similarity/rank-all-users.js";
import { rankUsers } from "../../src/similarity/rank-users.js";
import type { EngineInput, NeighbourLists, WeightedSets } from "../../src/similarity/types.js";
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

// --- CSV -> engine input -------------------------------------------------------------------------------------------
// These files have no commas or newlines inside quoted cells, so a split is enough; cells lose their quotes.

function readRows(file: string): { column(name: string): number; rows: string[][] } {
  const lines = readFileSync(path.join(dataDir, file), "utf8").split("\n");
  const split = (line: string) => line.replace(/\r$/, "").split(",").map((c) => c.replace(/^"|"$/g, ""));
  const header = split(lines[0]);
  const rows = lines.slice(1).filter((l) => l.trim() !== "").map(split);
  return {
    rows,
    column(name) {
      const i = header.indexOf(name);
      if (i === -1) throw new Error(`${file}: no column ${name}`);
      return i;
    },
  };
}

const normalTag = (raw: string) => raw.trim().toLowerCase();

/** user handle -> tag -> weight, for one source. */
type SourceWeights = Map<number, Map<string, number>>;

function add(weights: SourceWeights, handle: number, tag: string, weight: number, combine: "sum" | "set") {
  let tags = weights.get(handle);
  if (!tags) weights.set(handle, (tags = new Map()));
  tags.set(tag, combine === "sum" ? (tags.get(tag) ?? 0) + weight : weight);
}

/** Interests: weight 1 per distinct (user, tag). */
function interests(): SourceWeights {
  const { rows, column } = readRows("user_interests.csv");
  const [h, t] = [column("user_handle"), column("interest_tag")];
  const out: SourceWeights = new Map();
  for (const r of rows) if (normalTag(r[t])) add(out, Number(r[h]), normalTag(r[t]), 1, "set");
  return out;
}

/** Courses: per user and tag, ln(1 + T/60), T = the seconds of all the user's views of courses carrying the tag (a
 *  course's whole time counts for each of its tags), as the profiles' SQL defines it. */
function courses(): SourceWeights {
  const tagRows = readRows("course_tags.csv");
  const [c, t] = [tagRows.column("course_id"), tagRows.column("course_tags")];
  const tagsOf = new Map<string, Set<string>>();
  for (const r of tagRows.rows) {
    const tag = normalTag(r[t]);
    if (!tag) continue;
    if (!tagsOf.has(r[c])) tagsOf.set(r[c], new Set());
    tagsOf.get(r[c])!.add(tag);
  }
  const views = readRows("user_course_views.csv");
  const [h, vc, sec] = [views.column("user_handle"), views.column("course_id"), views.column("view_time_seconds")];
  const seconds: SourceWeights = new Map(); // handle -> tag -> total seconds
  for (const r of views.rows) {
    for (const tag of tagsOf.get(r[vc]) ?? []) add(seconds, Number(r[h]), tag, Number(r[sec]), "sum");
  }
  const out: SourceWeights = new Map();
  for (const [handle, tags] of seconds) {
    for (const [tag, total] of tags) if (total > 0) add(out, handle, tag, Math.log(1 + total / 60), "set");
  }
  return out;
}

/** Assessments: weight score/100; the file holds one score per (user, tag), and a repeat would replace it. */
function assessments(): SourceWeights {
  const { rows, column } = readRows("user_assessment_scores.csv");
  const [h, t, s] = [column("user_handle"), column("assessment_tag"), column("user_assessment_score")];
  const out: SourceWeights = new Map();
  for (const r of rows) {
    const weight = Number(r[s]) / 100;
    if (normalTag(r[t]) && weight > 0) add(out, Number(r[h]), normalTag(r[t]), weight, "set");
  }
  return out;
}

function toSets(weights: SourceWeights, handles: number[]): WeightedSets {
  const tagId = new Map<string, number>();
  const offsets = new Uint32Array(handles.length + 1);
  const tagIds: number[] = [];
  const values: number[] = [];
  handles.forEach((handle, i) => {
    const tags = [...(weights.get(handle) ?? [])].map(([tag, w]) => {
      if (!tagId.has(tag)) tagId.set(tag, tagId.size);
      return [tagId.get(tag)!, w] as const;
    });
    tags.sort((a, b) => a[0] - b[0]);
    for (const [id, w] of tags) tagIds.push(id), values.push(w);
    offsets[i + 1] = tagIds.length;
  });
  return { offsets, tagIds: Uint32Array.from(tagIds), weights: Float64Array.from(values), tagCount: tagId.size };
}

function loadInput(): EngineInput {
  const perSource = [interests(), courses(), assessments()];
  const handles = [...new Set(perSource.flatMap((w) => [...w.keys()]))].sort((a, b) => a - b);
  return { userCount: handles.length, sources: perSource.map((w) => toSets(w, handles)), alphas: [1, 1, 1] };
}

// --- measure -------------------------------------------------------------------------------------------------------

function sameLists(a: NeighbourLists, b: NeighbourLists): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => Object.is(v, y[i]));
  return eq(a.count, b.count) && eq(a.neighbour, b.neighbour) && eq(a.score, b.score) && eq(a.perSource, b.perSource);
}

let started = performance.now();
const input = loadInput();
console.log(`input from ${dataDir} in ${(performance.now() - started).toFixed(0)} ms`);
const names = ["interests", "courses", "assessments"];
console.log(
  `users ${input.userCount}, entries ` +
    input.sources.map((s, i) => `${names[i]} ${s.tagIds.length} (${s.tagCount} tags)`).join(", ") +
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
