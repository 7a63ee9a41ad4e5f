// `npm run evaluate`: offline quality of the similarity on whatever data set is seeded (see src/evaluation/).
import os from "node:os";
import { integerFlag, parseCommandLine, progressLine, runCommand } from "./cli.js";
import { UserError } from "./domain/user-error.js";
import { openStores } from "./db.js";
import { loadEvaluationData } from "./evaluation/load-data.js";
import { evaluatePopular, evaluateRandom, evaluateSetting, type ResultRow, TOP_N } from "./evaluation/run-evaluation.js";
import { comparedSettings, defaultSetting, type Setting } from "./evaluation/settings.js";
import { formatTable } from "./evaluation/table.js";
import { courseTask, interestTask, type Task } from "./evaluation/tasks.js";
import { parseWeights } from "./rankings/run-parameters.js";

const help = `Usage: npm run evaluate -- [options]

Offline evaluation of the similarity on the seeded database. For each user with at least 4 distinct interests the
most recently followed quarter is hidden, everyone is ranked without it, and the top-k neighbours' tags (each
weighted by its score) predict the hidden ones; the same for courses, hiding the most recently started quarter of
each user's courses. Prints hit rate, recall and NDCG at 10 beside two baselines: k random users as neighbours, and
the globally most followed tags (most viewed courses).

Options:
  --k K           neighbours voting (default 10)
  --weights LIST  source weights, e.g. interests=2,courses=1,assessments=1 (default 1 each)
  --idf           multiply weights by ln(1 + N_s / df_s(t))
  --plain         plain (unweighted) Jaccard: every weight 1
  --compare       the comparison grid: plain, weighted, idf and four source-weight settings, at k 5, 10 and 20
  --task NAME     only interests or only courses
  --seed S        seed of the random-neighbours baseline (default 1)
  --workers N     worker threads for ranking (default ${os.availableParallelism()})
  --json          print the results as JSON instead of a table
  -h, --help      show this help

Examples:
  npm run evaluate
  npm run evaluate -- --compare
  npm run evaluate -- --weights interests=2 --k 20 --json
`;

runCommand(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      k: { type: "string" },
      weights: { type: "string" },
      idf: { type: "boolean" },
      plain: { type: "boolean" },
      compare: { type: "boolean" },
      task: { type: "string" },
      seed: { type: "string" },
      workers: { type: "string" },
      json: { type: "boolean" },
    },
    help,
  );
  if (values.idf && values.plain) throw new UserError("--idf and --plain exclude each other");
  if (values.compare && (values.k || values.weights || values.idf || values.plain)) {
    throw new UserError("--compare runs its own grid of settings and k; drop --k, --weights, --idf and --plain");
  }
  if (values.task !== undefined && values.task !== "interests" && values.task !== "courses") {
    throw new UserError(`--task must be interests or courses, got "${values.task}"`);
  }
  const ks = values.compare ? [5, 10, 20] : [integerFlag("k", values.k, 10, 1, 1000)];
  const settings: readonly Setting[] = values.compare ? comparedSettings : [chosenSetting(values)];
  const seed = integerFlag("seed", values.seed, 1, 0, 2 ** 32 - 1);
  const workers = integerFlag("workers", values.workers, os.availableParallelism(), 1, 256);

  const started = Date.now();
  const progress = progressLine();
  const stores = await openStores();
  const rows: ResultRow[] = [];
  try {
    progress.update("loading interests, views and assessments…");
    const data = await loadEvaluationData(stores.profiles);
    if (data.follows.length === 0 && data.views.length === 0) throw new UserError("the database is empty: run `npm run seed` first");
    const builders = { interests: interestTask, courses: courseTask };
    for (const name of values.task === undefined ? (["interests", "courses"] as const) : [values.task as "interests" | "courses"]) {
      const task: Task = builders[name](data);
      for (const setting of settings) {
        progress.update(`${name}: ranking with ${setting.label}…`);
        rows.push(...(await evaluateSetting(task, setting, ks, workers)));
      }
      rows.push(...evaluateRandom(task, ks, seed), evaluatePopular(task));
    }
  } finally {
    progress.done();
    await stores.close();
  }
  const elapsedMs = Date.now() - started;
  if (values.json) {
    console.log(JSON.stringify({ topN: TOP_N, elapsedMs, results: rows }, null, 2));
    return;
  }
  process.stdout.write(formatTable(rows));
  console.log(`✓ evaluated in ${(elapsedMs / 1000).toFixed(1)} s`);
});

function chosenSetting(values: { weights?: string; idf?: boolean; plain?: boolean }): Setting {
  if (!values.weights && !values.idf && !values.plain) return defaultSetting;
  const alphas = values.weights === undefined ? defaultSetting.alphas : parseWeights(values.weights);
  const weighting = values.plain ? "plain" : values.idf ? "idf" : "weighted";
  const label = [values.plain ? "plain Jaccard" : values.idf ? "weighted + idf" : "weighted Jaccard", values.weights].filter(Boolean).join(", ");
  return { label, weighting, alphas };
}
