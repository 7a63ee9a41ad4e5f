// `npm run rank`: computes every active user's neighbours and stores them as a complete ranking run.
import os from "node:os";
import { integerFlag, parseCommandLine, progressLine, runCommand } from "./cli.js";
import { openStores } from "./db.js";
import { defaultRunName, runName, defaultWeights, parseWeights } from "./rankings/run-parameters.js";
import { runRanking } from "./rankings/run-ranking.js";
import { defaultQueueName } from "./queue/block-jobs.js";
import { runQueuedRanking } from "./queue/queued-ranking.js";
import { queueUrl } from "./queue/redis.js";
import { UserError } from "./domain/user-error.js";

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
  --queue URL           coordinate the run over a Redis queue instead (default: $REDIS_URL, else no queue): the
                        blocks are ranked by \`npm run rank:worker\` processes on any hosts; this one loads, publishes
                        the input, gathers and stores
  --queue-name NAME     the queue's key prefix, shared with its workers (default ${defaultQueueName})
  --blocks N            blocks of users for the workers (default: from the predicted work, at least 16)
  -h, --help            show this help

Examples:
  npm run rank
  npm run rank -- --top 50 --weights interests=2 --results-table experiment
  npm run rank -- --queue redis://127.0.0.1:6379
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
      queue: { type: "string" },
      "queue-name": { type: "string" },
      blocks: { type: "string" },
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

  const queue = queueUrl(values.queue);
  if (queue === undefined && (values["queue-name"] !== undefined || values.blocks !== undefined)) {
    throw new UserError("--queue-name and --blocks are for a queued run: add --queue redis://… (or set REDIS_URL)");
  }
  if (queue !== undefined && values.workers !== undefined) {
    throw new UserError("--workers is for a single-process run: a queued run's workers are `npm run rank:worker` processes");
  }

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
    if (queue !== undefined) {
      const summary = await runQueuedRanking(stores, {
        ...options,
        url: queue,
        queueName: values["queue-name"] ?? defaultQueueName,
        blocks: values.blocks === undefined ? undefined : integerFlag("blocks", values.blocks, 0, 1, 1_000_000),
        onProgress: ({ phase, blocksDone, blocks, workersSeen, leftMs }) =>
          progress.update(
            phase === "blocks"
              ? `blocks ${blocksDone}/${blocks} · ${workersSeen} worker${workersSeen === 1 ? "" : "s"} seen` +
                  (leftMs === null ? "" : ` · about ${Math.ceil(leftMs / 1000)} s left`)
              : `${{ load: "loading profiles", snapshot: "publishing the input", gather: "gathering blocks", write: "writing neighbours" }[phase]}…`,
          ),
      });
      progress.done();
      const p = summary.phases;
      const workers = summary.workers.length;
      console.log(`Ranking run ${summary.runId} "${options.name}" complete (queued: ${summary.blocks} blocks on ${workers} worker${workers === 1 ? "" : "s"})`);
      console.log(`  users ranked       ${summary.userCount}`);
      console.log(`  neighbour rows     ${summary.rowCount} (top ${options.top})`);
      console.log(`  accumulations      ${summary.accumulations}`);
      console.log(`  workers            ${summary.workers.join(", ")}`);
      console.log(`  load ${p.loadMs} ms, snapshot ${p.snapshotMs} ms (${(p.snapshotBytes / 2 ** 20).toFixed(1)} MiB), enqueue ${p.enqueueMs} ms, ` +
        `blocks ${p.blocksMs} ms, gather ${p.gatherMs} ms, write ${p.writeMs} ms; total ${Date.now() - t0} ms`);
      console.log(`  per block (median) compute ${p.blockComputeMs} ms, staging ${p.blockStagingMs} ms; input fetch and index per worker ${p.fetchMs} ms`);
      console.log(`  peak memory        ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB (this process)`);
      return;
    }
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
