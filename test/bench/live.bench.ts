// Live updates under load (issue "Fresh neighbours"), on the seeded 10,000 users or `--users N` synthetic ones:
//  1. latency: EVENTS recordInterest mutations sent at RATE per second (open loop) while autocannon asks
//     similarUsers(limit: 5) at 32 connections; for each, the mutation's round trip (its response comes after the
//     commit that serves the new list) and the time until the graphql-ws subscription similarUsersChanged for that
//     user delivers the new list;
//  2. sustained ingest: recordActivity batches of BATCH interest events, LANES in flight (the server commits the
//     batches waiting together), under the same API load;
//  3. `npm run ingest` of a delta of INGEST_ROWS rows (interests, views, assessments), REPS times on fresh copies.
// Every phase starts from a copy of the same seeded and ranked database. The API load must see zero errors.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { projectRoot } from "../../src/database-url.js";
import { defaultSeedDir } from "../../src/import/seed-database.js";
import { generateSyntheticData } from "../../src/synth/generate.js";
import { startServerChild } from "./server-child.js";
import { servedHandles, similarUsersQuery } from "./similar-load.js";
import { mulberry32, summarize } from "./stats.js";
import { deployQuietly, timedCommand } from "./timed-command.js";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    events: { type: "string", default: "500" },
    rate: { type: "string", default: "20" },
    batches: { type: "string", default: "50" },
    batch: { type: "string", default: "100" },
    /** Batches sent at once in the sustained phase (each waits for its answer before its lane sends the next). */
    lanes: { type: "string", default: "4" },
    "ingest-rows": { type: "string", default: "10000" },
    reps: { type: "string", default: "3" },
    dir: { type: "string" },
    /** Comma-separated phases to run: latency, sustained, ingest (default all). */
    only: { type: "string", default: "latency,sustained,ingest" },
  },
});
const PHASES = new Set(values.only.split(","));
const USERS = Number(values.users);
const EVENTS = Number(values.events);
const RATE = Number(values.rate);
const BATCHES = Number(values.batches);
const BATCH = Number(values.batch);
const LANES = Number(values.lanes);
const INGEST_ROWS = Number(values["ingest-rows"]);
const REPS = Number(values.reps);
const CONNECTIONS = 32;
const DIR = values.dir ?? path.join(os.tmpdir(), `live-${USERS / 1000}k`);
const RESULTS_TABLE = "user_ranking";
const pristine = path.join(DIR, "pristine.db");

const loadAverage = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
/** Tags many users follow, so that a new follow moves scores. */
const tags = ["python", "javascript", "java", "c#", "docker", "sql", "linux", "angular-js", "react", "aws", "git", "machine-learning"];

/** A copy of the pristine database at DIR/<name>.db, its URL. */
function copyOfPristine(name: string): string {
  const file = path.join(DIR, `${name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  copyFileSync(pristine, file);
  return `file:${file}`;
}

function seededAndRanked(): void {
  if (existsSync(pristine)) return console.log(`using ${pristine} (delete it to seed again)`);
  mkdirSync(DIR, { recursive: true });
  let dir = defaultSeedDir;
  if (USERS !== 10_000) {
    dir = path.join(DIR, "csv");
    generateSyntheticData({ users: USERS, out: dir, seed: 1 });
  }
  const url = `file:${pristine}`;
  deployQuietly(url, path.join(DIR, "migrate.log"));
  for (const [script, args] of [["src/seed.ts", ["--dir", dir]], ["src/rank.ts", []]] as const) {
    const m = timedCommand(script, [...args], url, 3600);
    if (!m.ok) throw new Error(`${script} failed: ${m.failure}`);
    console.log(`${script} ${m.wallS.toFixed(1)} s, peak ${m.peakMiB.toFixed(0)} MiB`);
  }
}

async function graphql(base: string, query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: unknown[] }> {
  const response = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

/** similarUsers at 32 connections for `seconds` or until stopped. */
function apiLoad(base: string, handles: number[], seconds: number): { stop(): void; done: Promise<autocannon.Result> } {
  const random = mulberry32(7);
  const pick = () => handles[Math.floor(random() * handles.length)];
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
      url: `${base}/graphql`,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [{
        setupRequest: (req) => ({ ...req, method: "POST", path: "/graphql", headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: similarUsersQuery, variables: { handle: String(pick()) } }) }),
      }],
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  return { stop: () => instance?.stop(), done };
}

/** The server process's peak resident memory so far (Linux), MiB: its engine thread and every profile included. */
function serverPeakMiB(pid: number | undefined): string {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib ? `${(Number(kib) / 1024).toFixed(0)} MiB` : "?";
  } catch {
    return "?";
  }
}

function apiLine(r: autocannon.Result): string {
  const failures = r.errors + r.timeouts + r.non2xx;
  return `similarUsers under it: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.total} requests, ${failures} failed`;
}

const recordInterest = `mutation($handle: Int!, $tag: String!, $at: String!) {
  recordInterest(handle: $handle, tag: $tag, followedAt: $at) { revision changed }
}`;
const recordActivity = `mutation($events: [ActivityEventInput!]!) { recordActivity(events: $events) { revision } }`;
const changes = `subscription($handle: Int!) { similarUsersChanged(handle: $handle, limit: 5) { handle revision similarUsers { rank } } }`;

/** A server child on a fresh copy, warmed: one mutation (its answer waits for the profiles and lists to load). */
async function liveServer(name: string) {
  const url = copyOfPristine(name);
  const handles = (await servedHandles(url, RESULTS_TABLE))!;
  const { child, base } = await startServerChild(url, RESULTS_TABLE);
  const started = performance.now();
  const warm = await graphql(base, recordInterest, { handle: handles[0], tag: "warm-up", at: "2026-12-01 00:00:00" });
  if (warm.errors) throw new Error(`warm-up mutation failed: ${JSON.stringify(warm.errors)}`);
  console.log(`server warm (profiles and lists loaded) ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { child, base, handles };
}

async function latencyPhase(): Promise<void> {
  const { child, base, handles } = await liveServer("latency");
  const random = mulberry32(11);
  const users = Array.from({ length: EVENTS }, () => handles[Math.floor(random() * handles.length)]);
  const ws = createClient({ url: `${base.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false });
  /** Per user, the revisions its subscription delivered, with their arrival times. */
  const delivered = new Map<number, Map<number, number>>();
  const waiting = new Map<string, (at: number) => void>();
  for (const handle of new Set(users)) {
    ws.subscribe({ query: changes, variables: { handle } }, {
      next: ({ data }) => {
        const change = (data as any).similarUsersChanged;
        const at = performance.now();
        const key = `${change.handle}@${change.revision}`;
        const resolve = waiting.get(key);
        if (resolve) resolve(at);
        else (delivered.get(change.handle) ?? delivered.set(change.handle, new Map()).get(change.handle)!).set(change.revision, at);
      },
      error: (error) => console.error("subscription error", error),
      complete: () => {},
    });
  }
  await new Promise((r) => setTimeout(r, 1000)); // the subscriptions reach the server
  console.log(`\nlatency: ${EVENTS} recordInterest at ${RATE}/s, API at ${CONNECTIONS} connections (load average ${loadAverage()})`);
  const load = apiLoad(base, handles, EVENTS / RATE + 3);
  const roundTrips: number[] = [];
  const toSubscription: number[] = [];
  const afterResponse: number[] = [];
  let failed = 0;
  const sent: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const due = t0 + (i * 1000) / RATE;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const handle = users[i];
    sent.push((async () => {
      const start = performance.now();
      const result = await graphql(base, recordInterest, { handle, tag: tags[i % tags.length] + "-live", at: `2026-12-01 ${String(Math.floor(i / 60) % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00` });
      const answered = performance.now();
      if (result.errors || !result.data.recordInterest.changed.includes(handle)) {
        failed++;
        return;
      }
      roundTrips.push(answered - start);
      const key = `${handle}@${result.data.recordInterest.revision}`;
      const early = delivered.get(handle)?.get(result.data.recordInterest.revision);
      const at = early ?? (await new Promise<number>((resolve) => {
        waiting.set(key, resolve);
        setTimeout(() => resolve(NaN), 10_000);
      }));
      toSubscription.push(at - start);
      afterResponse.push(at - answered);
    })());
  }
  await Promise.all(sent);
  const api = await load.done;
  const lost = toSubscription.filter((x) => Number.isNaN(x)).length;
  const got = toSubscription.filter((x) => !Number.isNaN(x));
  const gotAfter = afterResponse.filter((x) => !Number.isNaN(x));
  console.log(`  mutation round trip (committed and served when it answers): p50 ${ms(percentile(roundTrips, 50))}, p99 ${ms(percentile(roundTrips, 99))}, max ${ms(Math.max(...roundTrips))}`);
  console.log(`  sent -> subscription delivered the new list:                p50 ${ms(percentile(got, 50))}, p99 ${ms(percentile(got, 99))}, max ${ms(Math.max(...got))}`);
  console.log(`  response -> subscription:                                   p50 ${ms(percentile(gotAfter, 50))}, p99 ${ms(percentile(gotAfter, 99))}`);
  console.log(`  ${roundTrips.length} answered, ${failed} failed or did not change the user's list, ${lost} subscriptions never delivered`);
  console.log(`  ${apiLine(api)}`);
  console.log(`  server peak memory ${serverPeakMiB(child.pid)}`);
  await ws.dispose();
  child.kill("SIGTERM");
}

async function sustainedPhase(): Promise<void> {
  const { child, base, handles } = await liveServer("sustained");
  const random = mulberry32(13);
  console.log(`\nsustained: ${BATCHES} recordActivity batches of ${BATCH} follows, ${LANES} in flight, API at ${CONNECTIONS} connections (load average ${loadAverage()})`);
  const batches = Array.from({ length: BATCHES }, (_, b) => Array.from({ length: BATCH }, (_, e) => ({
    interest: { handle: handles[Math.floor(random() * handles.length)], tag: tags[Math.floor(random() * tags.length)] + "-batch", followedAt: `2026-11-${String(1 + (b % 28)).padStart(2, "0")} 00:${String(e % 60).padStart(2, "0")}:00` },
  })));
  const load = apiLoad(base, handles, 1000);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < batches.length) {
      const events = batches[next++];
      const start = performance.now();
      const result = await graphql(base, recordActivity, { events });
      if (result.errors) failed++;
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  const seconds = (performance.now() - t0) / 1000;
  load.stop();
  const api = await load.done;
  console.log(`  ${((BATCHES * BATCH) / seconds).toFixed(0)} events/s (${BATCHES * BATCH} events in ${seconds.toFixed(1)} s), batch round trip p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, ${failed} failed`);
  console.log(`  ${apiLine(api)}`);
  child.kill("SIGTERM");
}

function ingestPhase(): void {
  const random = mulberry32(17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const delta = path.join(DIR, "delta");
  mkdirSync(delta, { recursive: true });
  const handle = () => (random() < 0.95 ? 1 + Math.floor(random() * USERS) : USERS + 1 + Math.floor(random() * 500));
  const day = () => `2026-11-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
  const interests = Math.round(INGEST_ROWS * 0.6);
  const views = Math.round(INGEST_ROWS * 0.3);
  const assessments = INGEST_ROWS - interests - views;
  writeFileSync(path.join(delta, "user_interests.csv"), "user_handle,interest_tag,date_followed\n" +
    Array.from({ length: interests }, () => `${handle()},${pick(tags)}-delta,${day()}`).join("\n") + "\n");
  writeFileSync(path.join(delta, "user_course_views.csv"), "user_handle,view_date,course_id,author_handle,level,view_time_seconds\n" +
    Array.from({ length: views }, () => { const c = Math.floor(random() * 20); return `${handle()},${day()},delta-course-${c},${900000 + c},Beginner,${60 + Math.floor(random() * 3000)}`; }).join("\n") + "\n");
  writeFileSync(path.join(delta, "course_tags.csv"), "course_id,course_tags\n" + Array.from({ length: 20 }, (_, c) => `delta-course-${c},${tags[c % tags.length]}`).join("\n") + "\n");
  writeFileSync(path.join(delta, "user_assessment_scores.csv"), "user_handle,assessment_tag,user_assessment_date,user_assessment_score\n" +
    Array.from({ length: assessments }, () => `${handle()},${pick(tags)},${day()},${Math.floor(random() * 300)}`).join("\n") + "\n");
  console.log(`\nnpm run ingest of ${INGEST_ROWS} rows (+20 course tags), ${REPS} times on fresh copies (load average ${loadAverage()})`);
  const walls: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const m = timedCommand("src/ingest.ts", ["--dir", delta], copyOfPristine("ingest"), 600);
    if (!m.ok) throw new Error(`ingest failed: ${m.failure}`);
    walls.push(m.wallS);
    console.log(`  ${m.wallS.toFixed(2)} s wall, peak ${m.peakMiB.toFixed(0)} MiB: ${m.stdout.trim().split("\n").slice(-2).join(" | ")}`);
  }
  console.log(`  median ${summarize(walls).median.toFixed(2)} s`);
}

console.log(`${USERS} users in ${DIR}, project ${projectRoot}, load average ${loadAverage()}`);
seededAndRanked();
if (PHASES.has("latency")) await latencyPhase();
if (PHASES.has("sustained")) await sustainedPhase();
if (PHASES.has("ingest")) ingestPhase();
console.log(`\nload average at the end ${loadAverage()}`);
