// Growth: at each size, synthesize users (src/synth), seed them (`npm run seed`), rank them (`npm run rank`, K=20,
// 2 workers) and serve them (`npm run serve`, similarUsers through GraphQL under autocannon). Seed and rank run as
// child processes under /usr/bin/time, so wall time and peak RSS are the whole process's (worker threads included).
// One JSON line per size goes to stdout after the table line, for docs/DESIGN.md.
// Usage: npm run bench -- scale -- [--sizes 10000,30000,100000] [--duration 10] [--connections 32] [--timeout 3000]
//        [--dir /tmp/kindred-scale] (kept) [--serve-only] (re-measure the API on databases a previous run left there)
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { generateSyntheticData } from "../../src/synth/generate.js";
import { mulberry32 } from "./stats.js";
import { startServerChild } from "./server-child.js";
import { similarUsersQuery } from "./similar-load.js";
import { deployQuietly, timedCommand } from "./timed-command.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const SIZES = option("sizes", "10000,30000,100000").split(",").map(Number);
const DURATION = Number(option("duration", "10"));
const CONNECTIONS = Number(option("connections", "32"));
/** Per child process, seconds: past it the phase is recorded as not finishing. */
const TIMEOUT_S = Number(option("timeout", "3000"));
const ROOT = option("dir", path.join(os.tmpdir(), "kindred-scale"));
const RESULTS_TABLE = "user_ranking";
const SERVE_ONLY = args.includes("--serve-only");

/** p50/p99 latency and throughput of similarUsers for random handles 1..users, after a 2-second warm-up. */
async function serve(url: string, users: number) {
  const { child, base } = await startServerChild(url, RESULTS_TABLE);
  try {
    const random = mulberry32(users);
    const run = (duration: number) =>
      autocannon({
        url: `${base}/graphql`,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: similarUsersQuery, variables: { handle: String(1 + Math.floor(random() * users)) } }) }),
          },
        ],
      });
    await run(2);
    const r = await run(DURATION);
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx };
  } finally {
    child.kill("SIGTERM");
  }
}

const mib = (file: string) => (existsSync(file) ? statSync(file).size / 2 ** 20 : 0);
const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "-");

console.log(`scale: sizes ${SIZES.join(", ")}; ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; rank K=20, 2 workers; serve ${CONNECTIONS} connections × ${DURATION} s`);
for (const users of SIZES) {
  const dir = path.join(ROOT, String(users));
  const csv = path.join(dir, "csv");
  const file = path.join(dir, "kindred.db");
  const url = `file:${file}`;
  mkdirSync(dir, { recursive: true });
  if (SERVE_ONLY) {
    if (!existsSync(file)) throw new Error(`--serve-only: no ${file}; run without it first`);
    const api = await serve(url, users);
    console.log(`${String(users).padStart(7)} users: API p50 ${api.p50} ms, p99 ${api.p99} ms, ${fixed(api.rps, 0)} req/s, ${api.failures} failures`);
    console.log(JSON.stringify({ users, api }));
    continue;
  }

  let t = Date.now();
  const synth = generateSyntheticData({ users, out: csv, seed: 1 });
  const synthS = (Date.now() - t) / 1000;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  // Prisma's migrate output would bury the results: it goes to a log beside the database.
  deployQuietly(url, path.join(dir, "migrate.log"));

  const seed = timedCommand("src/seed.ts", ["--dir", csv], url, TIMEOUT_S);
  const seededMiB = mib(file) + mib(`${file}-wal`);
  const rank = seed.ok ? timedCommand("src/rank.ts", ["--top", "20", "--workers", "2", "--keep", "1"], url, TIMEOUT_S, { RESULTS_TABLE }) : null;
  const accumulations = rank ? Number(/accumulations\s+(\d+)/.exec(rank.stdout)?.[1] ?? NaN) : NaN;
  const phases = rank ? /load (\d+) ms, compute (\d+) ms .*write (\d+) ms/.exec(rank.stdout) : null;
  t = Date.now();
  let api: Awaited<ReturnType<typeof serve>> | null = null;
  let apiFailure: string | undefined;
  if (rank?.ok) {
    try {
      api = await serve(url, users);
    } catch (error) {
      apiFailure = error instanceof Error ? error.message : String(error);
    }
  }
  const rows = synth.rows;
  const result = {
    users,
    courses: synth.courses,
    interestRows: rows["user_interests.csv"],
    viewRows: rows["user_course_views.csv"],
    synthS,
    seed: { ok: seed.ok, wallS: seed.wallS, peakMiB: seed.peakMiB, failure: seed.failure },
    dbMiB: seededMiB,
    rank: rank && { ok: rank.ok, wallS: rank.wallS, peakMiB: rank.peakMiB, failure: rank.failure },
    rankPhasesMs: phases && { load: Number(phases[1]), compute: Number(phases[2]), write: Number(phases[3]) },
    accumulations,
    api,
    apiFailure,
  };
  console.log(
    `${String(users).padStart(7)} users: seed ${fixed(seed.wallS)} s / ${fixed(seed.peakMiB, 0)} MiB (db ${fixed(seededMiB, 0)} MiB); ` +
      `rank ${rank ? `${fixed(rank.wallS)} s / ${fixed(rank.peakMiB, 0)} MiB, ${accumulations.toExponential(3)} accumulations` : "-"}; ` +
      `API ${api ? `p50 ${api.p50} ms, p99 ${api.p99} ms, ${fixed(api.rps, 0)} req/s, ${api.failures} failures` : "-"}`,
  );
  for (const phase of [seed, rank]) if (phase && !phase.ok) console.log(`  ! ${phase.failure}`);
  if (apiFailure) console.log(`  ! API: ${apiFailure}`);
  console.log(JSON.stringify(result));
}
