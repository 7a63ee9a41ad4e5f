// Rank bench: `npm run rank` end to end (load profiles, compute, write ~200k neighbour rows, commit) as a user runs
// it, REPS times against one database seeded from seeds/. Goals: at most 5 s wall, peak memory at most 1 GB.
// `npm run bench -- rank` or `npm run bench -- rank -- --reps 3`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../../src/database-url.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { deployMigrations } from "../../src/migrate.js";
import { formatSummary } from "./stats.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "5" } } });
const REPS = Number(values.reps);
const scratch = mkdtempSync(path.join(os.tmpdir(), "kindred-rank-bench-"));
const url = `file:${path.join(scratch, "kindred.db")}`;

try {
  deployMigrations(url);
  await seedDatabase({ dir: path.join(projectRoot, "seeds"), url });
  console.log(`rank bench: ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
  const series: Record<"wall" | "load" | "compute" | "write" | "rss", number[]> = {
    wall: [], load: [], compute: [], write: [], rss: [],
  };
  let rows = "";
  for (let run = 0; run < REPS; run++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "src", "rank.ts")], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
    });
    series.wall.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`rank failed: ${result.stderr}`);
    const timings = /load (\d+) ms, compute (\d+) ms .* write (\d+) ms/.exec(result.stdout)!;
    series.load.push(Number(timings[1]));
    series.compute.push(Number(timings[2]));
    series.write.push(Number(timings[3]));
    series.rss.push(Number(/peak memory\s+(\d+) MiB/.exec(result.stdout)![1]));
    rows = /neighbour rows\s+(\d+)/.exec(result.stdout)![1];
  }
  console.log(formatSummary("npm run rank, wall (process start–exit)", series.wall));
  console.log(formatSummary("  load profiles", series.load));
  console.log(formatSummary("  compute (engine, 2 workers)", series.compute));
  console.log(formatSummary("  write neighbours + commit", series.write));
  console.log(formatSummary("  peak memory", series.rss, "MiB"));
  console.log(`${rows} neighbour rows per run`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
