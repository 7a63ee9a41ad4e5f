// Requests under autocannon against server children (server-child.ts): the similarUsers(limit: 5) query, the handles
// worth asking for, and several loads measured in alternating slices, so that a change in the machine's load (other
// processes share its 2 cores) falls on all of them alike and their ratio stays fair. api.bench.ts and
// cluster.bench.ts measure through this.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { targetOfUrl } from "../../src/database-url.js";
import { openStores } from "../../src/db.js";
import { mulberry32, summarize } from "./stats.js";

export const similarUsersQuery = `query Similar($handle: ID!) {
  similarUsers(handle: $handle, limit: 5) { rank score sources { interests courses assessments } user { handle } }
}`;

/** Handles to ask for: users with neighbours in the served run `resultsTable` at `url` (SQLite or PostgreSQL); null
 *  when there is no such run or no such database. */
export async function servedHandles(url: string, resultsTable: string): Promise<number[] | null> {
  const stores = await openStores(targetOfUrl(url)).catch(() => null);
  if (!stores) return null;
  try {
    const run = await stores.rankings.servedRun(resultsTable);
    if (!run) return null;
    const handles = new Set<number>();
    for await (const n of stores.rankings.allNeighbours(run.id)) handles.add(n.userHandle);
    return [...handles];
  } finally {
    await stores.close();
  }
}

export interface Load {
  label: string;
  url: string;
  /** The server process answering it, whose CPU time is charged to it. */
  pid: number;
  request: (handle: number) => autocannon.Request;
}

/** similarUsers(handle, limit: 5) through POST /graphql of the server at `base` (http://127.0.0.1:PORT). */
export function graphqlSimilarUsers(label: string, base: string, pid: number): Load {
  return {
    label,
    url: `${base}/graphql`,
    pid,
    request: (handle) => ({
      method: "POST",
      path: "/graphql",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: similarUsersQuery, variables: { handle: String(handle) } }),
    }),
  };
}

/** CPU time (user + system) the server process has used so far, in µs, from /proc (Linux); NaN elsewhere. It is the
 *  figure that survives a busy machine: throughput and latency also measure whoever else wants the cores. */
function serverCpuUs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux x64

/** One slice: `load` for `duration` seconds at `connections`, handles drawn by a PRNG seeded per load and round. */
async function measure(load: Load, handles: number[], connections: number, duration: number, round = 0) {
  const random = mulberry32(connections * 7919 + load.label.length + round * 104729);
  const pick = () => handles[Math.floor(random() * handles.length)];
  const cpuBefore = serverCpuUs(load.pid);
  const result = await autocannon({
    url: load.url,
    connections,
    duration,
    requests: [{ setupRequest: (req) => ({ ...req, ...load.request(pick()) }) }],
  });
  const cpuPerRequest = (serverCpuUs(load.pid) - cpuBefore) / result.requests.total;
  const failures = result.errors + result.timeouts + result.non2xx;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, failures, cpuPerRequest };
}

/** 2 s of each load at 8 connections: JIT, statement and document caches. */
export async function warmUp(loads: readonly Load[], handles: number[]): Promise<void> {
  for (const load of loads) await measure(load, handles, 8, 2);
}

export type LoadResult = ReturnType<typeof combine>;

/** Slices of one load as one measurement: requests and CPU summed, rps over the whole time, p50 and p99 the median
 *  of the slices' (autocannon gives percentiles, not the histogram to merge). */
function combine(slices: Awaited<ReturnType<typeof measure>>[], duration: number) {
  const total = slices.reduce((sum, r) => sum + r.total, 0);
  const median = (xs: number[]) => summarize(xs).median;
  return {
    rps: total / duration,
    p50: median(slices.map((r) => r.p50)),
    p99: median(slices.map((r) => r.p99)),
    total,
    failures: slices.reduce((sum, r) => sum + r.failures, 0),
    cpuPerRequest: slices.reduce((sum, r) => sum + r.cpuPerRequest * r.total, 0) / total,
  };
}

/** Each of `loads` for `duration` seconds in all at `connections`, taking turns in `rounds` slices. */
export async function measureAlternating(loads: readonly Load[], handles: number[], connections: number, duration: number, rounds: number): Promise<Map<Load, LoadResult>> {
  const slices = new Map<Load, Awaited<ReturnType<typeof measure>>[]>(loads.map((load) => [load, []]));
  for (let round = 0; round < rounds; round++) {
    for (const load of loads) slices.get(load)!.push(await measure(load, handles, connections, duration / rounds, round));
  }
  return new Map(loads.map((load) => [load, combine(slices.get(load)!, duration)]));
}

/** `label  32 conn  2146 req/s  p50 13 ms  p99 29 ms  server CPU 410 µs/request  (21460 requests, 0 failed)`. */
export function formatLoad(load: Load, connections: number, r: LoadResult): string {
  return (
    `${load.label.padEnd(32)} ${String(connections).padStart(2)} conn  ${r.rps.toFixed(0).padStart(6)} req/s  ` +
    `p50 ${r.p50} ms  p99 ${r.p99} ms  server CPU ${r.cpuPerRequest.toFixed(0)} µs/request  ` +
    `(${r.total} requests, ${r.failures} failed)`
  );
}
