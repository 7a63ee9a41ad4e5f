// `npm run rank`: computes every active user's neighbours and stores them as a complete ranking run.
import os from "node:os";
import { integerFlag, parseCommandLine, progressLine, runCommand } from "./cli.js";
import { openStores } from "./db.js";
import { defaultRunName, parseMethod, runName, defaultWeights, parseWeights } from "./rankings/run-parameters.js";
import { rankProgress } from "./rankings/rank-progress.js";
import { defaultRecallSample, exactUpTo, runRanking } from "./rankings/run-ranking.js";
import { defaultBlocks, defaultQueueName } from "./queue/block-jobs.js";
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
  --method M            exact, approximate (NN-Descent: every listed score exact, a few neighbours missed) or auto:
                        exact while its predicted work is at most ${exactUpTo.toExponential(0)} accumulations (default auto)
  --recall-sample N     users whose exact lists an approximate run's recall is measured against (default
                        ${defaultRecallSample}; 0 measures none; needs --top 20 or more)
  --workers N           worker threads (default: available cores, ${os.availableParallelism()} here)
  --keep N              runs of this name to keep, this one included (default 5)
  --queue URL           coordinate the run over a Redis queue instead (default: $REDIS_URL, else no queue): the
                        blocks are ranked by \`npm run rank:worker\` processes on any hosts; this one loads, publishes
                        the input, gathers and stores
  --queue-name NAME     the queue's key prefix, shared with its workers (default ${defaultQueueName})
  --blocks N            blocks of users for the workers (default ${defaultBlocks}; more balance more workers, and
                        stage more partial lists in Redis)
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
      method: { type: "string" },
      "recall-sample": { type: "string" },
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
  const method = parseMethod(values.method);
  const recallSample = integerFlag("recall-sample", values["recall-sample"], defaultRecallSample, 0, 1_000_000);

  const queue = queueUrl(values.queue);
  if (queue === undefined && (values["queue-name"] !== undefined || values.blocks !== undefined)) {
    throw new UserError("--queue-name and --blocks are for a queued run: add --queue redis://… (or set REDIS_URL)");
  }
  if (queue !== undefined && (method === "approximate" || values["recall-sample"] !== undefined)) {
    throw new UserError("a queued run is exact: --method approximate and --recall-sample are for a single-process run");
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
    const reporter = rankProgress((text, phaseBegins) => (phaseBegins ? progress.milestone(text) : progress.update(text)));
    // Once a second the line shows the time going by, even in a phase that reports no steps (load, recall).
    const ticking = setInterval(reporter.tick, 1000);
    const summary = await runRanking(stores, { ...options, method, recallSample, onProgress: reporter.report }).finally(() => clearInterval(ticking));
    progress.done();
    const { loadMs, computeMs, writeMs } = summary.timings;
    console.log(`Ranking run ${summary.runId} "${options.name}" complete`);
    console.log(`  method             ${summary.method}${method === "auto" ? ` (auto: predicted exact work ${summary.predicted.toExponential(2)} accumulations, exact up to ${exactUpTo.toExponential(0)})` : ""}`);
    console.log(`  users ranked       ${summary.userCount}`);
    console.log(`  neighbour rows     ${summary.rowCount} (top ${options.top})`);
    if (summary.method === "exact") console.log(`  accumulations      ${summary.accumulations}`);
    else console.log(`  pairs scored       ${summary.pairsScored}`);
    if (summary.memoryBytes) {
      const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
      const { sets, candidates, graph } = summary.memoryBytes;
      console.log(`  engine memory      sets ${gib(sets)}, candidates ${gib(candidates)}, graph ${gib(graph)} (each at most 4 GiB)`);
    }
    if (summary.recall) {
      console.log(`  recall             @5 ${summary.recall.at5.toFixed(3)}, @20 ${summary.recall.at20.toFixed(3)} over ${summary.recall.sample} users`);
    } else if (summary.method === "approximate") {
      console.log(`  recall             not measured (${recallSample === 0 ? "--recall-sample 0" : "needs --top 20 or more"})`);
    }
    console.log(`  load ${loadMs} ms, compute ${computeMs} ms (${options.workers} workers), write ${writeMs} ms; total ${Date.now() - t0} ms`);
    // maxRSS covers the worker threads too: they share the process.
    console.log(`  peak memory        ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  } finally {
    await stores.close();
  }
});
