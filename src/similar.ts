// `npm run similar -- <handle>`: a user's neighbours from the served ranking run, with the score of each source.
import { parseCommandLine, runCommand } from "./cli.js";
import { openStores } from "./db.js";
import { UserError } from "./domain/user-error.js";
import { sources } from "./profiles/source.js";
import { LimitOutOfRange, MalformedHandle, neighboursOf, UnknownUser } from "./rankings/neighbours-of.js";
import { defaultRunName, runName } from "./rankings/run-parameters.js";

const help = `Usage: npm run similar -- <handle> [options]

Prints a user's most similar users from the served ranking run, with the weighted Jaccard of each source
("-" where neither user has data in that source).

Options:
  --limit N             how many neighbours (default 5, at most the run's top K)
  --json                print JSON instead of a table
  --results-table NAME  which ranking (default: $RESULTS_TABLE, else ${defaultRunName})
  -h, --help            show this help

Examples:
  npm run similar -- 110
  npm run similar -- 110 --limit 20 --json
`;

runCommand(async () => {
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    { limit: { type: "string" }, json: { type: "boolean" }, "results-table": { type: "string" } },
    help,
  );
  if (positionals.length !== 1) throw new UserError(`expected one handle, got ${positionals.length}; see --help`);
  const stores = await openStores();
  try {
    const { users, rankings } = stores;
    const name = runName(values["results-table"]);
    const { handle, run, neighbours } = await neighboursOf(
      {
        neighbours: async (runId, h, limit) => (await rankings.neighbours(runId, [h], limit)).get(h)!,
        userExists: async (h) => (await users.existing([h])).has(h),
      },
      { handle: positionals[0], limit: limitOf(values.limit), run: await rankings.servedRun(name), name },
    ).catch((error: unknown) => {
      throw commandError(error, values.limit);
    });
    if (values.json) {
      const about = { id: run.id, name: run.name, finishedAt: run.finishedAt, method: run.parameters.method ?? "exact", recall: run.recall };
      console.log(JSON.stringify({ handle, run: about, similar: neighbours.map(({ userHandle: _, ...n }) => n) }, null, 2));
      return;
    }
    const method = run.parameters.method === "approximate"
      ? `, approximate, ${run.recall ? `recall@5 ${run.recall.at5.toFixed(3)}, recall@20 ${run.recall.at20.toFixed(3)} over ${run.recall.sample} users` : "recall not measured"}`
      : "";
    console.log(`User ${handle}: ${neighbours.length} most similar users (run ${run.id} "${run.name}", ${run.finishedAt.toISOString()}${method})`);
    if (neighbours.length === 0) {
      console.log("  (none: this user shares no tag with anyone)");
      return;
    }
    const cell = (x: number | null) => (x === null ? "-" : x.toFixed(4)).padStart(11);
    console.log(`  rank  handle   score ${sources.map((s) => s.padStart(11)).join(" ")}`);
    for (const n of neighbours) {
      console.log(`  ${String(n.rank).padStart(4)}  ${String(n.neighbourHandle).padStart(6)}  ${n.score.toFixed(4)} ${[n.interests, n.courses, n.assessments].map(cell).join(" ")}`);
    }
  } finally {
    await stores.close();
  }
});

/** --limit as a number: 5 when absent, NaN when not a whole number (then refused with the run's range). */
function limitOf(text: string | undefined): number {
  if (text === undefined) return 5;
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The use case's failures as this command words them (RunNotReady: as every command does, in runCommand). */
function commandError(error: unknown, limitText: string | undefined): unknown {
  if (error instanceof MalformedHandle) return new UserError(`handle must be a positive integer, got "${error.text}"`);
  if (error instanceof LimitOutOfRange) return new UserError(`--limit must be a whole number from 1 to ${error.top}, got "${limitText}"`);
  if (error instanceof UnknownUser) return new UserError(`no user with handle ${error.text}`);
  return error;
}
