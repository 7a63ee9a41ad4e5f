// The HTTP API under load: `similarUsers(handle, limit: 5)` through GraphQL and the REST route, for random handles,
// at 1 and at 32 connections, with autocannon on 127.0.0.1. The server runs in a child process (`src/server.ts`, as
// `npm run serve` starts it) so the load generator never shares its event loop.
// Database: $BENCH_DATABASE_URL (a file: or postgresql:// URL), else prisma/dev.db when it holds a complete run,
// else a temporary database seeded from seeds/ and ranked with K = 20 by the real code (about a minute here).
// Then the heaviest requests MAX_QUERY_COST lets through, each with /healthz probed beside it (heavy-requests.ts).
// GraphQL and REST take turns in ROUNDS slices of DURATION / ROUNDS seconds each, so a change in the machine's load
// (other processes share its 2 cores) falls on both alike and their ratio stays fair.
// Usage: npm run bench -- api -- [--duration 10] [--rounds 5] [--connections 1,32] [--heavy-seconds 5] [--only load|heavy]
import { type ChildProcess, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot, redactUrl, targetOfUrl } from "../../src/database-url.js";
import { openStores } from "../../src/db.js";
import { defaultSeedDir, seedDatabase } from "../../src/import/seed-database.js";
import { defaultWeights } from "../../src/rankings/run-parameters.js";
import { runRanking } from "../../src/rankings/run-ranking.js";
import { mulberry32 } from "./stats.js";
import { measureHeavyRequests } from "./heavy-requests.js";
import { startServerChild } from "./server-child.js";
import { formatLoad, graphqlSimilarUsers, type Load, type LoadResult, measureAlternating, servedHandles, warmUp } from "./similar-load.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const DURATION = Number(option("duration", "10"));
const CONNECTIONS = option("connections", "1,32").split(",").map(Number);
const ROUNDS = Number(option("rounds", "5"));
const HEAVY_SECONDS = Number(option("heavy-seconds", "5"));
const ONLY = option("only", "");
const RESULTS_TABLE = "user_ranking";

/** A temporary database with the real migrations, seeded from seeds/ and ranked (K = 20) by the real commands' code. */
async function seededDatabase(dir: string): Promise<string> {
  const file = path.join(dir, "bench.db");
  const url = `file:${file}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  await seedDatabase({ dir: defaultSeedDir, url });
  const stores = await openStores(targetOfUrl(url));
  try {
    await runRanking(stores, { name: RESULTS_TABLE, keep: 1, top: 20, weights: defaultWeights, idf: false, workers: os.availableParallelism() });
  } finally {
    await stores.close();
  }
  return url;
}


const tmp = mkdtempSync(path.join(os.tmpdir(), "kindred-api-bench-"));
let child: ChildProcess | undefined;
try {
  let url = process.env.BENCH_DATABASE_URL?.trim();
  let handles = url ? await servedHandles(url, RESULTS_TABLE) : null;
  let source = url ? `$BENCH_DATABASE_URL (${redactUrl(url)})` : "";
  if (!handles) {
    const dev = path.join(projectRoot, "prisma/dev.db");
    [url, source] = [`file:${dev}`, "prisma/dev.db"];
    handles = existsSync(dev) ? await servedHandles(url, RESULTS_TABLE) : null;
  }
  if (!handles || handles.length === 0) {
    url = await seededDatabase(tmp);
    handles = (await servedHandles(url, RESULTS_TABLE))!;
    source = "seeds/ seeded and ranked (K=20) into a temporary database";
  }
  console.log(`load average before: ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.availableParallelism()} cores`);
  console.log(`database: ${source}, ${handles.length} users with neighbours; ${DURATION} s per load in ${ROUNDS} alternating slices (p50, p99: the median slice); server NODE_ENV=production`);
  const started = await startServerChild(url!, RESULTS_TABLE);
  child = started.child;
  const pid = child.pid!;
  const loads: Load[] = [
    graphqlSimilarUsers("GraphQL similarUsers(limit: 5)", started.base, pid),
    {
      label: "REST /api/v1/users/:h/similar",
      url: started.base,
      pid,
      request: (handle) => ({ method: "GET", path: `/api/v1/users/${handle}/similar?limit=5` }),
    },
  ];
  if (ONLY !== "heavy") await measureLoad(loads, handles);
  if (ONLY !== "load") {
    console.log(`\nheavy requests, ${HEAVY_SECONDS} s each, /healthz every 20 ms beside them (goal: at most 50 ms)`);
    const worst = await measureHeavyRequests(started.base, handles, mulberry32(12), HEAVY_SECONDS);
    console.log(`worst /healthz latency beside an allowed request: ${worst.toFixed(1)} ms (${worst <= 50 ? "within" : "over"} 50 ms)`);
  }
  console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  const exitCode = await new Promise<number | string | null>((resolve) => {
    child!.once("exit", (code, signal) => resolve(code ?? signal));
    child!.kill("SIGTERM");
  });
  child = undefined;
  console.log(`server exit after SIGTERM: ${JSON.stringify(exitCode)}`);
} finally {
  child?.kill("SIGKILL");
  rmSync(tmp, { recursive: true, force: true });
}

/** Throughput and latency of `loads` at each of CONNECTIONS, and GraphQL's ratio to REST. */
async function measureLoad(loads: Load[], handles: number[]): Promise<void> {
  await warmUp(loads, handles);
  const results = new Map<number, Map<Load, LoadResult>>();
  for (const connections of CONNECTIONS) {
    const byLoad = await measureAlternating(loads, handles, connections, DURATION, ROUNDS);
    for (const [load, r] of byLoad) console.log(formatLoad(load, connections, r));
    results.set(connections, byLoad);
  }
  for (const connections of CONNECTIONS) {
    const [graphql, rest] = loads.map((load) => results.get(connections)!.get(load)!);
    const ratio = graphql.rps / rest.rps;
    const cost = graphql.cpuPerRequest / rest.cpuPerRequest;
    const tail = graphql.p99;
    // Issue 12's goal, for similarUsers(limit: 5) at 32 connections: at least 0.6 of REST's throughput, p99 at most 25 ms.
    const verdict = connections === 32 ? `  (goal: throughput >= 0.60 and GraphQL p99 <= 25 ms: ${ratio >= 0.6 && tail <= 25 ? "met" : "not met"})` : "";
    console.log(
      `GraphQL / REST at ${connections} conn: throughput ${ratio.toFixed(2)}, server CPU per request ${cost.toFixed(2)}, ` +
        `GraphQL p99 ${tail} ms${verdict}`,
    );
  }
}
