// Issue 13's figures end to end, as a user runs the commands: a synthetic set of N users (made once, `npm run synth
// -- --users N --out DIR --seed 1`), RUNS × `npm run seed -- --dir DIR` into a scratch SQLite database (wall, peak
// RSS of the child), RUNS × `npm run rank` on it (wall, peak RSS, the method auto chose, the recall it printed, its
// phases), then `npm run serve` on it and similarUsers(limit: 5) at 32 connections as api.bench.ts measures it
// (req/s, p99, errors). Medians and every run, with the load average before and after each phase.
// Goals at 1M users: seed ≤ 5 min and ≤ 3 GB, rank ≤ 10 min and ≤ 8 GB, recall@5 ≥ 0.95 and @20 ≥ 0.90,
// ≥ 2,000 req/s with p99 ≤ 25 ms.
// Usage: npm run bench -- million -- [--users 1000000] [--runs 3] [--data DIR] [--db FILE] [--skip-seed]
//        [--duration 10] [--rounds 5] [--timeout 3600]
//   --data DIR   the synthetic set (default $TMPDIR/kindred-million/synth-<N>, e.g. synth-1m; made when missing)
//   --db FILE    the scratch database (default $TMPDIR/kindred-million/<N>.db); with --skip-seed an already seeded
//                database to rank and serve (left in place; its runs are added to)
// At 1M users every child may take several GB: on a shared machine run it under `flock /work/big.lock`.
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { synthFiles } from "../../src/synth/generate.js";
import { startServerChild } from "./server-child.js";
import { formatLoad, graphqlSimilarUsers, measureAlternating, similarUsersQuery, warmUp } from "./similar-load.js";
import { formatSummary, summarize } from "./stats.js";
import { deployQuietly, type Measured, timedCommand } from "./timed-command.js";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "1000000" },
    runs: { type: "string", default: "3" },
    data: { type: "string" },
    db: { type: "string" },
    "skip-seed": { type: "boolean", default: false },
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "5" },
    timeout: { type: "string", default: "3600" },
  },
});
const USERS = Number(values.users);
const RUNS = Number(values.runs);
const DURATION = Number(values.duration);
const ROUNDS = Number(values.rounds);
const TIMEOUT_S = Number(values.timeout);
const RESULTS_TABLE = "user_ranking";
const CONNECTIONS = 32;

/** 1000000 → 1m, 100000 → 100k, 12345 → 12345: how the bench names its sets. */
const sizeLabel = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n));
const dataDir = path.resolve(values.data ?? path.join(os.tmpdir(), "kindred-million", `synth-${sizeLabel(USERS)}`));
const scratch = path.join(os.tmpdir(), "kindred-million");
const dbFile = path.resolve(values.db ?? path.join(scratch, `${sizeLabel(USERS)}.db`));
const url = `file:${dbFile}`;

const loadavg = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
const fixed = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const mib = (file: string) => (existsSync(file) ? statSync(file).size / 2 ** 20 : 0);
const removeDatabase = (file: string) => ["", "-wal", "-shm"].forEach((suffix) => rmSync(file + suffix, { force: true }));

/** A child that must succeed: its failure ends the bench, naming the command. */
function succeeded(what: string, measured: Measured): Measured {
  if (!measured.ok) throw new Error(`${what} failed: ${measured.failure}`);
  return measured;
}

/** Runs `phase` between two load-average lines. */
async function phase<T>(title: string, work: () => T | Promise<T>): Promise<T> {
  console.log(`\n${title}\n  load average before ${loadavg()}`);
  const result = await work();
  console.log(`  load average after  ${loadavg()}`);
  return result;
}

/** What `npm run rank` printed that the bench reports (src/rank.ts's summary lines). */
function rankFigures(stdout: string) {
  const recall = /recall\s+@5 ([\d.]+), @20 ([\d.]+) over (\d+) users/.exec(stdout);
  const phases = /load (\d+) ms, compute (\d+) ms .*write (\d+) ms/.exec(stdout);
  return {
    method: /method\s+(\w+)/.exec(stdout)?.[1] ?? "?",
    at5: recall ? Number(recall[1]) : NaN,
    at20: recall ? Number(recall[2]) : NaN,
    sample: recall ? Number(recall[3]) : 0,
    rows: Number(/neighbour rows\s+(\d+)/.exec(stdout)?.[1] ?? NaN),
    loadMs: Number(phases?.[1] ?? NaN),
    computeMs: Number(phases?.[2] ?? NaN),
    writeMs: Number(phases?.[3] ?? NaN),
  };
}

/** Handles with neighbours in the newest complete run: one scan of its key range, no row object per neighbour. */
function servedHandles(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const run = db.prepare(`SELECT id FROM ranking_runs WHERE name = ? AND status = 'complete' ORDER BY id DESC LIMIT 1`).pluck().get(RESULTS_TABLE);
    if (run === undefined) throw new Error(`${file} has no complete "${RESULTS_TABLE}" run`);
    return db.prepare(`SELECT user_handle FROM neighbours WHERE run_id = ? AND rank = 1`).pluck().all(run) as number[];
  } finally {
    db.close();
  }
}

console.log(`million bench: ${USERS.toLocaleString("en-US")} users, ${RUNS} run${RUNS === 1 ? "" : "s"}; ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log(`data ${dataDir}; database ${dbFile}${values["skip-seed"] ? " (seeded already: --skip-seed)" : ""}`);

if (!values["skip-seed"] && !synthFiles.every((f) => existsSync(path.join(dataDir, f)))) {
  await phase(`npm run synth -- --users ${USERS} --out ${dataDir} --seed 1 (files missing)`, () => {
    const synth = succeeded("npm run synth", timedCommand("src/synth.ts", ["--users", String(USERS), "--out", dataDir, "--seed", "1"], url, TIMEOUT_S));
    console.log(`  ${fixed(synth.wallS)} s, peak ${fixed(synth.peakMiB, 0)} MiB`);
  });
}

if (values["skip-seed"]) {
  if (!existsSync(dbFile)) throw new Error(`--skip-seed: no database at ${dbFile} (give it with --db FILE)`);
} else {
  await phase(`npm run seed -- --dir ${dataDir}, ${RUNS} × into a fresh migrated database`, () => {
    mkdirSync(path.dirname(dbFile), { recursive: true });
    const template = `${dbFile}.template`;
    removeDatabase(template);
    deployQuietly(`file:${template}`, `${dbFile}.migrate.log`);
    const runs: Measured[] = [];
    for (let run = 0; run < RUNS; run++) {
      removeDatabase(dbFile);
      copyFileSync(template, dbFile);
      runs.push(succeeded(`npm run seed (run ${run + 1})`, timedCommand("src/seed.ts", ["--dir", dataDir], url, TIMEOUT_S)));
      console.log(`  run ${run + 1}: ${fixed(runs[run].wallS)} s, peak ${fixed(runs[run].peakMiB, 0)} MiB; load average ${loadavg()}`);
    }
    removeDatabase(template);
    console.log(formatSummary("  seed wall", runs.map((r) => r.wallS), "s"));
    console.log(formatSummary("  seed peak RSS", runs.map((r) => r.peakMiB), "MiB"));
    console.log(`  database ${fixed(mib(dbFile) + mib(`${dbFile}-wal`), 0)} MiB after the seed`);
  });
}

await phase(`npm run rank, ${RUNS} ×`, () => {
  const walls: number[] = [];
  const peaks: number[] = [];
  const figures: ReturnType<typeof rankFigures>[] = [];
  for (let run = 0; run < RUNS; run++) {
    const measured = succeeded(`npm run rank (run ${run + 1})`, timedCommand("src/rank.ts", [], url, TIMEOUT_S, { RESULTS_TABLE }));
    const f = rankFigures(measured.stdout);
    walls.push(measured.wallS);
    peaks.push(measured.peakMiB);
    figures.push(f);
    console.log(
      `  run ${run + 1}: ${fixed(measured.wallS)} s, peak ${fixed(measured.peakMiB, 0)} MiB; method ${f.method}; ` +
        `recall ${f.sample > 0 ? `@5 ${f.at5.toFixed(3)} @20 ${f.at20.toFixed(3)} over ${f.sample}` : "-"}; ` +
        `load ${fixed(f.loadMs / 1000)} s, compute ${fixed(f.computeMs / 1000)} s, write ${fixed(f.writeMs / 1000)} s (${f.rows.toLocaleString("en-US")} rows); load average ${loadavg()}`,
    );
  }
  console.log(formatSummary("  rank wall", walls, "s"));
  console.log(formatSummary("  rank peak RSS", peaks, "MiB"));
  console.log(formatSummary("  load profiles", figures.map((f) => f.loadMs / 1000), "s"));
  console.log(formatSummary("  compute (recall included)", figures.map((f) => f.computeMs / 1000), "s"));
  console.log(formatSummary("  write", figures.map((f) => f.writeMs / 1000), "s"));
  if (figures.some((f) => f.sample > 0)) {
    const recall = (xs: number[]) => `median ${summarize(xs).median.toFixed(3)} (min ${summarize(xs).min.toFixed(3)}, n=${xs.length})`;
    console.log(`  recall@5 ${recall(figures.map((f) => f.at5))}, recall@20 ${recall(figures.map((f) => f.at20))}`);
  }
  console.log(`  methods: ${figures.map((f) => f.method).join(", ")}; database ${fixed(mib(dbFile) + mib(`${dbFile}-wal`), 0)} MiB`);
});

await phase(`npm run serve: similarUsers(limit: 5) at ${CONNECTIONS} connections, ${DURATION} s in ${ROUNDS} slices`, async () => {
  const handles = servedHandles(dbFile);
  const { child, base, printed } = await startServerChild(url, RESULTS_TABLE);
  try {
    const load = graphqlSimilarUsers("GraphQL similarUsers(limit: 5)", base, child.pid!);
    // The server listens at once and loads what live updates hold in the background, which at 1M users keeps a core
    // busy a while: the first answer is timed, and the measurement starts once that load has finished (the server
    // says so), as a server in service would be measured.
    const asked = performance.now();
    const ready = new Promise<string>((resolve) => {
      const look = () => {
        const line = /Live updates ready[^\n]*/.exec(printed());
        if (line) resolve(line[0]);
        else if (performance.now() - asked > TIMEOUT_S * 1000) resolve(`live updates not ready after ${TIMEOUT_S} s`);
        else setTimeout(look, 100);
      };
      look();
    });
    const first = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: similarUsersQuery, variables: { handle: String(handles[0]) } }),
      signal: AbortSignal.timeout(TIMEOUT_S * 1000),
    });
    if (!first.ok) throw new Error(`the first similarUsers request answered ${first.status}: ${await first.text()}`);
    console.log(`  first answer ${fixed((performance.now() - asked) / 1000)} s after the server listened`);
    console.log(`  ${await ready} (${fixed((performance.now() - asked) / 1000)} s after it listened)`);
    await warmUp([load], handles);
    const result = (await measureAlternating([load], handles, CONNECTIONS, DURATION, ROUNDS)).get(load)!;
    console.log(`  ${formatLoad(load, CONNECTIONS, result)}`);
    console.log(`  goal ≥ 2,000 req/s and p99 ≤ 25 ms: ${result.rps >= 2000 && result.p99 <= 25 && result.failures === 0 ? "met" : "not met"} (${handles.length.toLocaleString("en-US")} users asked for)`);
  } finally {
    child.kill("SIGTERM");
  }
});
