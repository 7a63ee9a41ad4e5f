// Past one machine: the same synthetic users (src/synth, seed 1) in SQLite and in PostgreSQL, ranked in one process or
// shared out over a Redis queue, and served from either database.
//  1. `npm run seed` into a fresh migrated SQLite file and a fresh PostgreSQL database, REPS times each, taking turns:
//     wall time and peak RSS. Goal: PostgreSQL's time at most 2× SQLite's.
//  2. On --database: `npm run rank` (one process, a worker thread per core), REPS times, against the coordinator
//     `npm run rank -- --queue URL` with --workers `npm run rank:worker` processes already started and ready, REPS
//     times. Goal: queued at most 1.25× single. Each way's last run goes through `npm run export`, and the CSVs must be
//     identical; so must the single-process run on the other database (ranked once, so the API has a run to serve).
//  3. similarUsers(limit: 5) through GraphQL at 32 connections, the two databases taking turns (similar-load.ts).
//     Goal: PostgreSQL at least 0.8× SQLite's req/s, with p99 at most 25 ms.
// Seed, rank and export run as child processes under /usr/bin/time (timed-command.ts). What it builds stays for reuse:
// --dir (default /tmp/cluster-<N>, /tmp/cluster-100k at the default size) holds csv/, kindred.db and the exports, and
// database kindred_bench_cluster_<N> on $TEST_POSTGRES_URL's server holds the same users and runs. `--only api` runs
// part 3 alone on what an earlier run left there, touching neither database.
// Usage: npm run bench -- cluster -- [--users 100000] [--reps 3] [--database sqlite|postgresql] [--workers 2]
//        [--queue redis://127.0.0.1:6379 (else $REDIS_URL)] [--dir DIR] [--duration 10] [--rounds 5] [--timeout 3000]
//        [--only api]
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { projectRoot } from "../../src/database-url.js";
import { postgresConfig } from "../../src/postgres.js";
import { generateSyntheticData } from "../../src/synth/generate.js";
import { testPostgresServer } from "../support/postgres.js";
import { startServerChild } from "./server-child.js";
import { formatLoad, graphqlSimilarUsers, type Load, measureAlternating, servedHandles, warmUp } from "./similar-load.js";
import { formatSummary, summarize } from "./stats.js";
import { deployQuietly, type Measured, timedCommand } from "./timed-command.js";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    reps: { type: "string", default: "3" },
    database: { type: "string", default: "sqlite" },
    workers: { type: "string", default: "2" },
    queue: { type: "string", default: process.env.REDIS_URL?.trim() || "redis://127.0.0.1:6379" },
    dir: { type: "string" },
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "5" },
    timeout: { type: "string", default: "3000" },
    only: { type: "string" },
  },
});
const USERS = Number(values.users);
const REPS = Number(values.reps);
const WORKERS = Number(values.workers);
const QUEUE = values.queue;
/** The bench's own key prefix on the queue, so it never takes (or leaves) another user's jobs. */
const QUEUE_NAME = "bench-cluster";
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
/** Per child process, seconds. */
const TIMEOUT_S = Number(values.timeout);
const CONNECTIONS = 32;
const DIR = values.dir ?? path.join(os.tmpdir(), `cluster-${USERS % 1000 === 0 ? `${USERS / 1000}k` : USERS}`);
const RESULTS_TABLE = "user_ranking";
if (values.database !== "sqlite" && values.database !== "postgresql") throw new Error(`--database must be sqlite or postgresql, got "${values.database}"`);
if (values.only !== undefined && values.only !== "api") throw new Error(`--only must be api, got "${values.only}"`);
const API_ONLY = values.only === "api";

const loadAverage = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
const median = (xs: number[]) => (xs.length ? summarize(xs).median : NaN);
const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "-");

interface Database {
  /** --database's word for it, also in the names of the files it leaves in DIR. */
  key: "sqlite" | "postgresql";
  label: string;
  url: string;
  /** Drops whatever a previous run left, then applies the migrations: a first seed's empty database. */
  recreate(): Promise<void>;
}

const sqliteFile = path.join(DIR, "kindred.db");
const postgresName = `kindred_bench_cluster_${USERS}`;
const postgresUrl = new URL(testPostgresServer);
postgresUrl.pathname = `/${postgresName}`;
const sqlite: Database = {
  key: "sqlite",
  label: "SQLite",
  url: `file:${sqliteFile}`,
  recreate: async () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(sqliteFile + suffix, { force: true });
    deployQuietly(sqlite.url, path.join(DIR, `migrate-${sqlite.key}.log`));
  },
};
const postgres: Database = {
  key: "postgresql",
  label: "PostgreSQL",
  url: postgresUrl.toString(),
  recreate: async () => {
    const client = new pg.Client(postgresConfig(testPostgresServer));
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${postgresName}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${postgresName}"`);
    } finally {
      await client.end();
    }
    deployQuietly(postgres.url, path.join(DIR, `migrate-${postgres.key}.log`));
  },
};
const [ranked, other] = values.database === sqlite.key ? [sqlite, postgres] : [postgres, sqlite];

function succeeded(what: string, m: Measured): Measured {
  if (!m.ok) throw new Error(`${what} failed: ${m.failure}`);
  return m;
}

/** `npm run export` of the served run at `url` into DIR/export-<name>.csv; its SHA-256 and row count. */
async function exported(url: string, name: string): Promise<{ sha256: string; rows: string }> {
  const file = path.join(DIR, `export-${name}.csv`);
  const m = succeeded(`export of ${name}`, timedCommand("src/export.ts", ["--out", file], url, TIMEOUT_S, { RESULTS_TABLE }));
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return { sha256: hash.digest("hex"), rows: /Wrote (\d+) rows/.exec(m.stdout)?.[1] ?? "?" };
}

const sameExport = (a: { sha256: string; rows: string }, b: { sha256: string; rows: string }) =>
  a.sha256 === b.sha256 ? `identical (${a.rows} rows)` : `DIFFERENT (${a.rows} vs ${b.rows} rows)`;

/** `npm run rank`'s phase line (`load … ms, compute … ms …`), for each rep's report. */
const phasesOf = (stdout: string) => /load \d+ ms.*/.exec(stdout)?.[0] ?? "";

interface RankWorker {
  child: ChildProcess;
  readyMs: number;
  lastLine: string;
}

/** `npm run rank:worker -- --queue QUEUE` on `url`, resolved once it prints its first line (it is then ready). */
function startRankWorker(script: string, url: string): Promise<RankWorker> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", script, "--queue", QUEUE, "--queue-name", QUEUE_NAME], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url, REDIS_URL: QUEUE, RESULTS_TABLE },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const worker: RankWorker = { child, readyMs: NaN, lastLine: "" };
    let out = "";
    const timer = setTimeout(() => reject(new Error(`rank worker printed nothing in 60 s`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out = (out + chunk).slice(-4096);
      const lines = out.trimEnd().split("\n");
      worker.lastLine = lines[lines.length - 1];
      if (Number.isNaN(worker.readyMs) && out.includes("\n")) {
        worker.readyMs = performance.now() - started;
        clearTimeout(timer);
        resolve(worker);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`rank worker exited (${code ?? signal}) before it was ready: ${out.trim()}`));
    });
  });
}

/** SIGTERM, then the exit code and the peak RSS it reached (VmHWM, read before the signal). */
async function stopRankWorker(worker: RankWorker): Promise<string> {
  const { exitCode, signalCode } = worker.child;
  if (exitCode !== null || signalCode !== null) return `had already exited (${exitCode ?? signalCode}), last line: ${worker.lastLine}`;
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${worker.child.pid}/status`, "utf8"))?.[1];
  const code = await new Promise((resolve) => {
    worker.child.once("exit", (c, signal) => resolve(c ?? signal));
    worker.child.kill("SIGTERM");
  });
  return `exit ${code} after SIGTERM, peak RSS ${peak ? (Number(peak) / 1024).toFixed(0) : "?"} MiB, last line: ${worker.lastLine}`;
}

mkdirSync(DIR, { recursive: true });
const loadBefore = loadAverage();
console.log(`cluster: ${USERS} users, ${REPS} reps, ${os.availableParallelism()} cores, node ${process.version}, load average ${loadBefore}`);
console.log(`data in ${DIR}; PostgreSQL database ${postgresName}; rank on ${ranked.label}; queue ${QUEUE}`);
const verdict = (met: boolean) => (met ? "met" : "NOT met");
const row = (measure: string, a: string, b: string, ratio: string, goal: string) =>
  console.log(`${measure.padEnd(34)} ${a.padStart(10)} ${b.padStart(11)} ${ratio.padStart(6)}  ${goal}`);

/** Parts 1 and 2: builds both databases afresh and ranks them; what it returns prints their summary rows. */
async function seedAndRank(): Promise<() => void> {
  const synthStarted = performance.now();
  const synth = generateSyntheticData({ users: USERS, out: path.join(DIR, "csv"), seed: 1 });
  console.log(`synthetic data: ${synth.rows["user_interests.csv"]} interests, ${synth.rows["user_course_views.csv"]} course views in ${((performance.now() - synthStarted) / 1000).toFixed(1)} s`);

  // 1. Seed, the two databases taking turns so that a change in the machine's load falls on both alike.
  console.log(`\nseed (load average ${loadAverage()})`);
  const seeds = new Map<Database, Measured[]>([[sqlite, []], [postgres, []]]);
  for (let rep = 0; rep < REPS; rep++) {
    for (const [database, runs] of seeds) {
      await database.recreate();
      const m = succeeded(`seed of ${database.label}`, timedCommand("src/seed.ts", ["--dir", path.join(DIR, "csv")], database.url, TIMEOUT_S));
      console.log(`  rep ${rep + 1} ${database.label.padEnd(10)} ${m.wallS.toFixed(1)} s, peak RSS ${m.peakMiB.toFixed(0)} MiB`);
      runs.push(m);
    }
  }
  const seedS = (d: Database) => median(seeds.get(d)!.map((m) => m.wallS));
  const seedMiB = (d: Database) => median(seeds.get(d)!.map((m) => m.peakMiB));
  for (const [database, runs] of seeds) console.log(formatSummary(`  ${database.label} seed wall`, runs.map((m) => m.wallS), "s"));
  console.log(`  PostgreSQL / SQLite: ${fixed(seedS(postgres) / seedS(sqlite), 2)} (goal: at most 2)`);

  // 2. Rank, single process then queued, on the same database.
  console.log(`\nrank on ${ranked.label} (load average ${loadAverage()})`);
  const single: Measured[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const m = succeeded("npm run rank", timedCommand("src/rank.ts", [], ranked.url, TIMEOUT_S, { RESULTS_TABLE }));
    console.log(`  single rep ${rep + 1}: ${m.wallS.toFixed(1)} s, peak RSS ${m.peakMiB.toFixed(0)} MiB; ${phasesOf(m.stdout)}`);
    single.push(m);
  }
  const singleExport = await exported(ranked.url, `${ranked.key}-single`);
  const otherRank = succeeded(`npm run rank on ${other.label}`, timedCommand("src/rank.ts", [], other.url, TIMEOUT_S, { RESULTS_TABLE }));
  console.log(`  single on ${other.label}, once (the API's run): ${otherRank.wallS.toFixed(1)} s, peak RSS ${otherRank.peakMiB.toFixed(0)} MiB; ${phasesOf(otherRank.stdout)}`);
  const otherExport = await exported(other.url, `${other.key}-single`);
  const crossDatabase = sameExport(singleExport, otherExport);
  console.log(`  export, single on ${ranked.label} vs on ${other.label}: ${crossDatabase}`);

  const queued: Measured[] = [];
  let queuedExport = "skipped";
  const workerScript = path.join(projectRoot, "src", "rank-worker.ts");
  if (!existsSync(workerScript)) {
    console.log(`  queued: skipped, src/rank-worker.ts (npm run rank:worker) does not exist yet`);
  } else {
    const workers: RankWorker[] = [];
    try {
      for (let i = 0; i < WORKERS; i++) workers.push(await startRankWorker(workerScript, ranked.url));
      console.log(`  ${WORKERS} rank workers ready in ${workers.map((w) => `${(w.readyMs / 1000).toFixed(1)} s`).join(", ")}`);
      for (let rep = 0; rep < REPS; rep++) {
        const m = succeeded("npm run rank -- --queue", timedCommand("src/rank.ts", ["--queue", QUEUE, "--queue-name", QUEUE_NAME], ranked.url, TIMEOUT_S, { RESULTS_TABLE, REDIS_URL: QUEUE }));
        console.log(`  queued rep ${rep + 1}: ${m.wallS.toFixed(1)} s, coordinator peak RSS ${m.peakMiB.toFixed(0)} MiB`);
        for (const line of m.stdout.trimEnd().split("\n")) console.log(`    | ${line}`);
        queued.push(m);
      }
    } finally {
      for (const [i, worker] of workers.entries()) console.log(`  worker ${i + 1}: ${await stopRankWorker(worker)}`);
    }
    queuedExport = sameExport(singleExport, await exported(ranked.url, `${ranked.key}-queued`));
    console.log(`  export, single vs queued: ${queuedExport}`);
  }
  const singleS = median(single.map((m) => m.wallS));
  const queuedS = median(queued.map((m) => m.wallS));
  console.log(formatSummary("  single wall", single.map((m) => m.wallS), "s"));
  if (queued.length) console.log(formatSummary("  queued wall", queued.map((m) => m.wallS), "s"));
  console.log(`  queued / single: ${fixed(queuedS / singleS, 2)} (goal: at most 1.25)`);
  if (queued.length) printPhases(queued.map((m) => m.stdout));
  return () => {
    row("seed wall", `${fixed(seedS(sqlite))} s`, `${fixed(seedS(postgres))} s`, fixed(seedS(postgres) / seedS(sqlite), 2), `PG/SQLite <= 2: ${verdict(seedS(postgres) <= 2 * seedS(sqlite))}`);
    row("seed peak RSS", `${fixed(seedMiB(sqlite), 0)} MiB`, `${fixed(seedMiB(postgres), 0)} MiB`, fixed(seedMiB(postgres) / seedMiB(sqlite), 2), "");
    row(`rank on ${ranked.label}`, "single", "queued", "", "");
    row("rank wall", `${fixed(singleS)} s`, queued.length ? `${fixed(queuedS)} s` : "skipped", fixed(queuedS / singleS, 2), queued.length ? `queued/single <= 1.25: ${verdict(queuedS <= 1.25 * singleS)}` : "");
    row("rank peak RSS (queued: coordinator)", `${fixed(median(single.map((m) => m.peakMiB)), 0)} MiB`, queued.length ? `${fixed(median(queued.map((m) => m.peakMiB)), 0)} MiB` : "-", "", "");
    console.log(`exports: single ${ranked.label} vs ${other.label} ${crossDatabase}; single vs queued ${queuedExport}`);
  };
}

const seedAndRankRows = API_ONLY ? null : await seedAndRank();

// 3. The API on each database, taking turns.
console.log(`\nAPI at ${CONNECTIONS} connections, ${DURATION} s each in ${ROUNDS} alternating slices (load average ${loadAverage()})`);
const handles = await servedHandles(sqlite.url, RESULTS_TABLE);
if (!handles || !(await servedHandles(postgres.url, RESULTS_TABLE))) {
  throw new Error(`--only api needs both databases seeded and ranked (${sqlite.url}, ${postgresName}): run the bench without it first`);
}
const servers: ChildProcess[] = [];
let api: Map<Database, { rps: number; p99: number }>;
try {
  const loads: Load[] = [];
  for (const database of [sqlite, postgres]) {
    const { child, base } = await startServerChild(database.url, RESULTS_TABLE);
    servers.push(child);
    loads.push(graphqlSimilarUsers(`similarUsers(5) on ${database.label}`, base, child.pid!));
  }
  await warmUp(loads, handles);
  const results = await measureAlternating(loads, handles, CONNECTIONS, DURATION, ROUNDS);
  for (const [load, r] of results) console.log(`  ${formatLoad(load, CONNECTIONS, r)}`);
  api = new Map([sqlite, postgres].map((database, i) => [database, results.get(loads[i])!]));
} finally {
  for (const child of servers) child.kill("SIGTERM");
}
const rpsRatio = api.get(postgres)!.rps / api.get(sqlite)!.rps;

console.log(`\nsummary: ${USERS} users, ${API_ONLY ? "API only" : `medians of ${REPS}`}; load average ${loadBefore} before, ${loadAverage()} after`);
row("", "SQLite", "PostgreSQL", "ratio", "goal");
seedAndRankRows?.();
row(`API req/s @${CONNECTIONS}`, fixed(api.get(sqlite)!.rps, 0), fixed(api.get(postgres)!.rps, 0), fixed(rpsRatio, 2), `PG/SQLite >= 0.8: ${verdict(rpsRatio >= 0.8)}`);
row(`API p99 @${CONNECTIONS}`, `${api.get(sqlite)!.p99} ms`, `${api.get(postgres)!.p99} ms`, "", `PG p99 <= 25 ms: ${verdict(api.get(postgres)!.p99 <= 25)}`);

/** The coordinator's phase lines (src/rank.ts) of every queued rep, as one table of medians. */
function printPhases(outputs: string[]) {
  const phases: [label: string, pattern: RegExp][] = [
    ["load the profiles (coordinator)", /load (\d+) ms, snapshot/],
    ["snapshot: encode and SET", /snapshot (\d+) ms/],
    ["enqueue the flow", /enqueue (\d+) ms/],
    ["fetch + index the snapshot (per worker)", /input fetch and index per worker (\d+) ms/],
    ["per-block compute (median)", /per block \(median\) compute (\d+) ms/],
    ["staging write per block (median)", /staging (\d+) ms/],
    ["blocks, first enqueued to last done", /blocks (\d+) ms, gather/],
    ["gather and join the partial lists", /gather (\d+) ms/],
    ["final commit (write)", /write (\d+) ms; total/],
  ];
  console.log(`  queued run's phases, medians of ${outputs.length}:`);
  for (const [label, pattern] of phases) {
    const values = outputs.map((out) => Number(pattern.exec(out)?.[1])).filter((v) => Number.isFinite(v));
    console.log(`    ${label.padEnd(42)} ${values.length ? `${fixed(median(values) / 1000, 2)} s` : "?"}`);
  }
}
