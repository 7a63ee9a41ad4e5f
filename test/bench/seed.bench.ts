// Seed bench: the real seeds/ folder (about 565k rows) into a fresh migrated database, REPS times in this process
// (seedDatabase, as `npm run seed` calls it), then the command end to end as a user runs it (tsx start-up included).
// Goal: a full seed in at most 10 s wall on the 2-core machine.
// `npm run bench -- seed` or `npm run bench -- seed -- --reps 3`.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../../src/database-url.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { deployMigrations } from "../../src/migrate.js";
import { formatSummary, peakRssMiB } from "./stats.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "5" }, "cli-reps": { type: "string", default: "3" } } });
const REPS = Number(values.reps);
const CLI_REPS = Number(values["cli-reps"]);
const seeds = path.join(projectRoot, "seeds");

const scratch = mkdtempSync(path.join(os.tmpdir(), "kindred-seed-bench-"));
const template = path.join(scratch, "template.db");
deployMigrations(`file:${template}`);

/** A fresh copy of the migrated template, so every run writes into an empty database as a first seed does. */
function freshDatabase(run: number): string {
  const file = path.join(scratch, `run-${run}.db`);
  copyFileSync(template, file);
  return `file:${file}`;
}

try {
  console.log(`seed bench: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
  const wall: number[] = [];
  const read: number[] = [];
  const write: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  let sink = 0;
  for (let run = 0; run < REPS; run++) {
    const url = freshDatabase(run);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const summary = await seedDatabase({ dir: seeds, url });
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    read.push(summary.seconds.read * 1000);
    write.push(summary.seconds.write * 1000);
    rows = summary.files.reduce((sum, f) => sum + f.rowsRead, 0);
    sink += summary.stored.interests;
  }
  const median = [...wall].sort((a, b) => a - b)[wall.length >> 1];
  console.log(formatSummary("seedDatabase (in process)", wall));
  // The rows are written as they are read (streamed batches into the one transaction), so "read" includes their
  // writing; "finish" is what follows the last batch: users, courses, authors, indexes, commit.
  console.log(formatSummary("  read, check and write rows", read));
  console.log(formatSummary("  finish (derived, indexes, commit)", write));
  // CPU of all threads (the worker parsing the largest file included): on a busy machine wall time mostly measures
  // the neighbours, CPU time much less so.
  console.log(formatSummary("  CPU, all threads", cpu));
  console.log(`${rows.toLocaleString("en-US")} rows, ${Math.round(rows / (median / 1000)).toLocaleString("en-US")} rows/s at the median; peak RSS ${peakRssMiB().toFixed(0)} MiB (${sink > 0 ? "ok" : "nothing stored"})`);

  const cli: number[] = [];
  for (let run = 0; run < CLI_REPS; run++) {
    const url = freshDatabase(REPS + run);
    const started = performance.now();
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/seed.ts", "--dir", seeds], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (r.status !== 0) throw new Error(`src/seed.ts exited ${r.status}`);
    cli.push(performance.now() - started);
  }
  if (CLI_REPS > 0) console.log(formatSummary("npm run seed (child process)", cli));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
