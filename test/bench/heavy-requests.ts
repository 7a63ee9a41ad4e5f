// The server's responsiveness while the heaviest requests MAX_QUERY_COST allows are running: each shape below runs
// back to back from one client for a few seconds while a second client asks GET /healthz every 20 ms. The goal
// (issue 12): /healthz answers within 50 ms while any allowed request runs. Part of `npm run bench -- api`.
import "reflect-metadata";
import { parse } from "graphql";
import type { Context } from "../../src/api/context.js";
import { estimateCost } from "../../src/api/cost.js";
import { defaultLimits } from "../../src/api/limits.js";
import { buildKindredSchema } from "../../src/api/schema.js";

/** Requests near the default cost limit (K = 20), each heavy in its own way; `$h` is a handle with neighbours. */
const shapes: { label: string; query: string }[] = [
  {
    label: "12 aliases x similarUsers(20)",
    query: `query ($h: ID!) { ${Array.from({ length: 12 }, (_, i) => `a${i}: similarUsers(handle: $h, limit: 20) { rank score sources { interests courses assessments } user { handle } }`).join(" ")} }`,
  },
  {
    label: "similarUsers(20) { sharedTags }",
    query: `query ($h: ID!) { similarUsers(handle: $h, limit: 20) { sharedTags { source tags { tag userWeight neighbourWeight } } } }`,
  },
  {
    label: "similarUsers(20) { user { interests assessments } }",
    query: `query ($h: ID!) { similarUsers(handle: $h, limit: 20) { user { handle interests { tag followedAt } assessments { tag score } } } }`,
  },
  {
    label: "users(55) { interests }",
    query: `query ($h: ID!) { user(handle: $h) { handle } users(first: 55) { edges { node { handle interests { tag } } } } }`,
  },
  {
    label: "users(28) { courseViews(1) { totalCount } }",
    query: `query ($h: ID!) { user(handle: $h) { handle } users(first: 28) { totalCount edges { node { courseViews(first: 1) { totalCount } } } } }`,
  },
  {
    label: "similarUsers(20) { user { tags(interests) } }",
    query: `query ($h: ID!) { user(handle: $h) { tags { source tag weight } } similarUsers(handle: $h, limit: 20) { user { tags(source: interests) { tag weight } } } }`,
  },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function measureHeavyRequests(base: string, handles: number[], random: () => number, seconds: number): Promise<number> {
  const schema = await buildKindredSchema();
  // The cost as the server estimates it with a run of K = 20 served and the default limits.
  const context = { run: { parameters: { top: 20 } }, limits: defaultLimits } as unknown as Context;
  let worstHealthz = 0;
  // The baseline: /healthz with nothing else running, which is what the machine's own load costs it.
  const idle = await probe(base, performance.now() + seconds * 1000);
  console.log(`${"(nothing else running)".padEnd(46)} ${" ".repeat(62)}/healthz ${describe(idle)}`);
  for (const shape of shapes) {
    const cost = estimateCost(schema, parse(shape.query), undefined, { h: "1" }, context, 1e6);
    const post = () =>
      fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: shape.query, variables: { h: String(handles[Math.floor(random() * handles.length)]) } }),
      });
    const first = (await (await post()).json()) as { errors?: { extensions?: { code?: string } }[] };
    if (first.errors) throw new Error(`${shape.label}: refused or failed: ${JSON.stringify(first.errors[0])}`);

    const heavy: number[] = [];
    let bytes = 0;
    const until = performance.now() + seconds * 1000;
    const heavyLoop = (async () => {
      while (performance.now() < until) {
        const t = performance.now();
        // Bytes only, never parsed: parsing a large answer here would delay the /healthz client on this event loop.
        bytes = (await (await post()).arrayBuffer()).byteLength;
        heavy.push(performance.now() - t);
      }
    })();
    const [, healthz] = await Promise.all([heavyLoop, probe(base, until)]);
    heavy.sort((a, b) => a - b);
    worstHealthz = Math.max(worstHealthz, healthz.at(-1)!);
    console.log(
      `${shape.label.padEnd(46)} cost ${String(cost).padStart(4)}  ${(bytes / 1024).toFixed(0).padStart(4)} KiB  ` +
        `request p50 ${percentile(heavy, 0.5).toFixed(0)} ms max ${heavy.at(-1)!.toFixed(0)} ms (n=${heavy.length})  ` +
        `/healthz ${describe(healthz)}`,
    );
  }
  return worstHealthz;
}

/** GET /healthz every 20 ms until `until`; the latencies, sorted. */
async function probe(base: string, until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (performance.now() < until) {
    const t = performance.now();
    await (await fetch(`${base}/healthz`)).arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies.sort((a, b) => a - b);
}

function describe(sorted: number[]): string {
  return `p50 ${percentile(sorted, 0.5).toFixed(1)} ms p99 ${percentile(sorted, 0.99).toFixed(1)} ms max ${sorted.at(-1)!.toFixed(1)} ms (n=${sorted.length})`;
}
