// Write bench: a run's neighbour rows stored by the SQLite ranking store (completeRun: prune, rows, mark complete,
// commit), from lists fabricated in memory (seeded), so nothing but the write is measured. REPS runs into one
// migrated scratch database with --keep 1, so every run after the first also deletes the previous run's rows.
// Goal (issue 13): 1M users × K = 20, about 20M rows, in at most 60 s.
// Usage: npm run bench -- write -- [--users 100000] [--top 20] [--reps 3] [--dir DIR] (a run at 1M users holds
// about 1.5 GB of memory and writes about 2.5 GB: `flock /work/big.lock npm run bench -- write -- --users 1000000`)
import { mkdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, sqliteStores } from "../../src/db.js";
import { defaultWeights, type RunParameters } from "../../src/rankings/run-parameters.js";
import { allocateLists } from "../../src/similarity/rank-users.js";
import type { NeighbourLists } from "../../src/similarity/types.js";
import { deployQuietly } from "./timed-command.js";
import { formatSummary, mulberry32, peakRssMiB } from "./stats.js";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    top: { type: "string", default: "20" },
    reps: { type: "string", default: "3" },
    dir: { type: "string", default: path.join(os.tmpdir(), "kindred-write-bench") },
  },
});
const USERS = Number(values.users);
const K = Number(values.top);
const REPS = Number(values.reps);
const sourceCount = 3;

/** Full lists of K random neighbours per user, scores descending, J per source in [0, 1) or NaN (one in five). */
function fabricatedLists(users: number): { handles: Int32Array; lists: NeighbourLists } {
  const random = mulberry32(users);
  const handles = Int32Array.from({ length: users }, (_, i) => 2 * i + 1);
  const lists = allocateLists(users, K, sourceCount);
  for (let i = 0; i < users; i++) {
    lists.count[i] = K;
    let score = 0.3 + 0.5 * random();
    for (let r = 0; r < K; r++) {
      const slot = i * K + r;
      lists.neighbour[slot] = Math.floor(random() * users);
      lists.score[slot] = score;
      score *= 1 - 0.02 * random();
      for (let s = 0; s < sourceCount; s++) lists.perSource[slot * sourceCount + s] = random() < 0.2 ? NaN : random();
    }
  }
  return { handles, lists };
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
mkdirSync(values.dir, { recursive: true });
const file = path.join(values.dir, "write-bench.db");
const removeDatabase = () => ["", "-wal", "-shm"].forEach((suffix) => rmSync(file + suffix, { force: true }));
removeDatabase();
try {
  deployQuietly(`file:${file}`, path.join(values.dir, "deploy.log"));
  const { handles, lists } = fabricatedLists(USERS);
  const db = openDatabase(`file:${file}`);
  const { rankings } = sqliteStores(db);
  console.log(`write bench: ${USERS.toLocaleString("en-US")} users × K=${K} into ${file}; ${os.availableParallelism()} cores, node ${process.version}, load average before ${load()}`);
  const parameters: RunParameters = { top: K, weights: defaultWeights, idf: false, workers: 1, method: "exact" };
  const inTransaction: number[] = [];
  const total: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const runId = await rankings.startRun("write_bench", parameters, new Date());
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const written = await rankings.completeRun(
      { runId, name: "write_bench", parameters, recall: null, handles, lists, keep: 1, timings: { loadMs: 0, computeMs: 0 }, events: { through: 0, revision: 0, lastEventAt: null } },
      Date.now,
    );
    total.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    inTransaction.push(written.writeMs);
    rows = written.rowCount;
    console.log(`  run ${rep + 1}: ${written.writeMs} ms in the transaction, ${total[rep].toFixed(0)} ms with commit and checkpoint, CPU ${cpu[rep].toFixed(0)} ms` +
      `${rep > 0 ? " (the previous run's rows deleted too)" : ""}; load average ${load()}`);
  }
  db.close();
  console.log(formatSummary("completeRun, commit included", total));
  console.log(formatSummary("  prune + rows + mark (writeMs)", inTransaction));
  // CPU time of this thread and SQLite's (user + system): on a busy machine wall time mostly measures the neighbours.
  console.log(formatSummary("  CPU, commit included", cpu));
  const median = [...total].sort((a, b) => a - b)[total.length >> 1];
  console.log(`${rows.toLocaleString("en-US")} rows per run, ${Math.round(rows / (median / 1000)).toLocaleString("en-US")} rows/s at the median; ` +
    `database ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB; peak RSS ${peakRssMiB().toFixed(0)} MiB; load average after ${load()}`);
} finally {
  removeDatabase();
}
