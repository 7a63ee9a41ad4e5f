// Live updates (issue 14) on the calling thread: one batch of events is patchProfiles (the changed users' new rows
// into everyone's arrays) then updateLists (their lists and everyone else's), timed per phase. Each batch is a new
// follow by each of 1 (then 100) random users, applied to the state the previous batch left, as a live service
// would; the lists after the last batch of each size are checked against a full exact run of that state.
// Input: an already seeded database (--db file:/tmp/live-100k.db: see approximate.bench.ts for seeding synthetic
// data), or else the CSVs in $KINDRED_DATA (default seeds/) seeded into a scratch database, loaded by src/profiles.
// Usage: npm run bench -- update-lists -- [--db URL] [--reps 20] [--k 20] [--batches 1,100] [--workers 2]
import os from "node:os";
import type { ProfileArrays } from "../../src/profiles/load-profiles.js";
import { patchProfiles } from "../../src/profiles/patch-profiles.js";
import type { SourceRow } from "../../src/profiles/source-rows.js";
import { sources } from "../../src/profiles/source.js";
import { rankAllUsers } from "../../src/similarity/rank-all-users.js";
import type { EngineInput, NeighbourLists } from "../../src/similarity/types.js";
import { updateLists } from "../../src/similarity/update-lists.js";
import { seededProfiles } from "./seeded-profiles.js";
import { formatSummary, mulberry32, peakRssMiB, summarize } from "./stats.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const REPS = Number(option("reps") ?? 20);
const K = Number(option("k") ?? 20);
const WORKERS = Number(option("workers") ?? 2);
const BATCHES = (option("batches") ?? "1,100").split(",").map(Number);
const DB = option("db");

const loadProfiles = () => seededProfiles(DB);

const inputOf = (profiles: ProfileArrays): EngineInput => ({
  userCount: profiles.handles.length,
  sources: profiles.sources,
  alphas: sources.map(() => 1),
});

/** The rows of user i, per source, as sourceRows would return them. */
function rowsOfUser(profiles: ProfileArrays, i: number): SourceRow[][] {
  const handle = profiles.handles[i];
  return profiles.sources.map(({ offsets, tagIds, weights, tagNames }) =>
    Array.from({ length: offsets[i + 1] - offsets[i] }, (_, r) => ({
      handle,
      tag: tagNames[tagIds[offsets[i] + r]],
      weight: weights[offsets[i] + r],
    })),
  );
}

/** `users` distinct random users each follow one interest they do not follow yet: the changed handles and all
 *  their new rows, per source. */
function newFollows(profiles: ProfileArrays, users: number, random: () => number) {
  const picked = new Set<number>();
  while (picked.size < Math.min(users, profiles.handles.length)) picked.add(Math.floor(random() * profiles.handles.length));
  const rows: SourceRow[][] = sources.map(() => []);
  const { tagNames } = profiles.sources[0];
  for (const i of picked) {
    const mine = rowsOfUser(profiles, i);
    const followed = new Set(mine[0].map((r) => r.tag));
    let tag: string;
    do tag = tagNames[Math.floor(random() * tagNames.length)];
    while (followed.has(tag));
    mine[0].push({ handle: profiles.handles[i], tag, weight: 1 });
    mine.forEach((source, s) => rows[s].push(...source));
  }
  return { handles: [...picked].map((i) => profiles.handles[i]), rows };
}

/** The users the previous rule queried: the changed and every holder of a changed or departed user. */
function holdersRule(lists: NeighbourLists, newIndex: Int32Array, changed: Int32Array): number {
  const isChanged = new Uint8Array(lists.count.length + changed.length + 1);
  for (const c of changed) isChanged[c] = 1;
  let holders = 0;
  newIndex.forEach((v, o) => {
    if (v < 0 || isChanged[v]) return;
    for (let r = 0; r < lists.count[o]; r++) {
      const w = newIndex[lists.neighbour[o * lists.k + r]];
      if (w < 0 || isChanged[w]) {
        holders++;
        return;
      }
    }
  });
  return changed.length + holders;
}

function sameLists(a: NeighbourLists, b: NeighbourLists): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => Object.is(v, y[i]));
  return eq(a.count, b.count) && eq(a.neighbour, b.neighbour) && eq(a.score, b.score) && eq(a.perSource, b.perSource);
}

let started = performance.now();
let profiles = await loadProfiles();
console.log(`profiles loaded in ${(performance.now() - started).toFixed(0)} ms: users ${profiles.handles.length}, entries ` +
  profiles.sources.map((s, i) => `${sources[i]} ${s.tagIds.length} (${s.tagCount} tags)`).join(", ") + `, k ${K}`);
started = performance.now();
let lists = await rankAllUsers(inputOf(profiles), K, { workers: WORKERS });
console.log(`initial lists (rankAllUsers, ${WORKERS} workers) in ${(performance.now() - started).toFixed(0)} ms`);

const random = mulberry32(14);
const loadBefore = os.loadavg()[0];
for (const users of BATCHES) {
  const t = {
    patch: [] as number[],
    "updateLists, all": [] as number[],
    "  prepare": [] as number[],
    "  queries": [] as number[],
    "  merge": [] as number[],
    "  the rest (checks, allocation)": [] as number[],
    total: [] as number[],
  };
  const requeried: number[] = [];
  const previousRule: number[] = [];
  // One warm-up batch, not counted.
  for (let rep = -1; rep < REPS; rep++) {
    const events = newFollows(profiles, users, random);
    const begin = performance.now();
    const patched = patchProfiles(profiles, events.handles, events.rows);
    const patchMs = performance.now() - begin;
    const updated = updateLists(inputOf(patched.profiles), K, { lists, newIndex: patched.newIndex }, patched.changed);
    const total = performance.now() - begin;
    if (rep >= 0) {
      const { prepare, queries, merge } = updated.times;
      t.patch.push(patchMs);
      t["updateLists, all"].push(total - patchMs);
      t["  prepare"].push(prepare);
      t["  queries"].push(queries);
      t["  merge"].push(merge);
      t["  the rest (checks, allocation)"].push(total - patchMs - prepare - queries - merge);
      t.total.push(total);
      requeried.push(updated.requeried.length);
      previousRule.push(holdersRule(lists, patched.newIndex, patched.changed) - patched.changed.length);
    }
    profiles = patched.profiles;
    lists = updated.lists;
  }
  console.log(`\n${users} changed user${users === 1 ? "" : "s"} a batch (a new follow each), ${REPS} batches`);
  for (const [label, samples] of Object.entries(t)) console.log(formatSummary(`  ${label}`, samples));
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  console.log(
    `  re-queried beyond the changed: ${sum(requeried)} in all (median ${summarize(requeried).median}); ` +
      `the previous rule (every holder of a changed user): ${sum(previousRule)} (median ${summarize(previousRule).median})`,
  );
  started = performance.now();
  const full = await rankAllUsers(inputOf(profiles), K, { workers: WORKERS });
  if (!sameLists(full, lists)) throw new Error(`after ${users}-user batches the updated lists differ from a full run`);
  console.log(`  checked: identical to a full exact run of the final state (${(performance.now() - started).toFixed(0)} ms)`);
}
console.log(`\npeak RSS ${peakRssMiB().toFixed(0)} MiB`);
console.log(
  `machine: ${os.availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`,
);
