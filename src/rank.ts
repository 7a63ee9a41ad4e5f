// `npm run rank`: computes every active user's neighbours and stores them as a complete ranking run.
import os from "node:os";
import { integerFlag, parseCommandLine, progressLine, runCommand } from "./cli.js";
import { openStores } from "./db.js";
import { defaultRunName, runName, defaultWeights, parseWeights } from "./rankings/run-parameters.js";
import { runRanking } from "./rankings/run-ranking.js";

const help = `Usage: npm run rank -- [options]

Ranks every active user's most similar users (weighted Jaccard over interests, courses and assessments) and stores
them as a ranking run. The previous run of the same name stays served until the new one is complete.

Options:
  --results-table NAME  name of the run (default: $RESULTS_TABLE, else ${defaultRunName})
  --top K               neighbours kept per user (default 20)
  --weights LIST        source weights, e.g. interests=2,courses=1,assessments=1 (default 1 each)
  --idf                 multiply weights by ln(1 + N_s / df_s(t))
  --workers N           worker threads (default: available cores, ${os.availableParallelism()} here)
  --keep N              runs of this name to keep, this one included (default 5)
  -h, --help            show this help

Examples:
  npm run rank
  npm run rank -- --top 50 --weights interests=2 --results-table experiment
`;

runCommand(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      "results-table": { type: "string" },
      top: { type: "string" },
      weights: { type: "string" },
      idf: { type: "boolean" },
      workers: { type: "string" },
      keep: { type: "string" },
    },
    help,
  );
  const options = {
    name: runName(values["results-table"]),
    top: integerFlag("top", values.top, 20, 1, 1000),
    weights: values.weights === undefined ? defaultWeights : parseWeights(values.weights),
    idf: values.idf ?? false,
    workers: integerFlag("workers", values.workers, os.availableParallelism(), 1, 256),
    keep: integerFlag("keep", values.keep, 5, 1, 1000),
  };

  const stores = await openStores();
  const progress = progressLine();
  const interrupt = (signal: NodeJS.Signals) => {
    // The write is one transaction: on SQLite a synchronous one, so a signal lands before or after it; on PostgreSQL
    // the exit drops the connection, and the server rolls back a transaction not yet committed.
    progress.done();
    process.stderr.write(`! ${signal}: the run was stopped; the previous run stays served\n`);
    void stores.rankings.failRunningRuns(options.name, `interrupted by ${signal}`).finally(() => process.exit(130));
  };
  // `on`, not `once`: tsx relays the signal and exits itself when no listener is left registered.
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  try {
    const t0 = Date.now();
    const summary = await runRanking(stores, {
      ...options,
      onProgress: (phase, done, total) =>
        progress.update(phase === "compute" ? `ranking ${done}/${total} users` : `${phase === "load" ? "loading profiles" : "writing neighbours"}…`),
    });
    progress.done();
    const { loadMs, computeMs, writeMs } = summary.timings;
    console.log(`Ranking run ${summary.runId} "${options.name}" complete`);
    console.log(`  users ranked       ${summary.userCount}`);
    console.log(`  neighbour rows     ${summary.rowCount} (top ${options.top})`);
    console.log(`  accumulations      ${summary.accumulations}`);
    console.log(`  load ${loadMs} ms, compute ${computeMs} ms (${options.workers} workers), write ${writeMs} ms; total ${Date.now() - t0} ms`);
    // maxRSS covers the worker threads too: they share the process.
    console.log(`  peak memory        ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  } finally {
    await stores.close();
  }
});
