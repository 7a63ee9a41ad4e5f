// `npm run similar -- <handle>`: a user's neighbours from the served ranking run, with the score of each source.
import { integerFlag, parseCommandLine, runCommand, UserError } from "./cli.js";
import { createPrisma, openSqlite } from "./db.js";
import { MAX_INT } from "./import/cells.js";
import { sources } from "./profiles/source.js";
import { requireServedRun } from "./rankings/lookups.js";
import { defaultRunName, runName } from "./rankings/run-parameters.js";
import { NeighbourReader } from "./rankings/neighbour-reader.js";

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
  const text = positionals[0];
  if (!/^[1-9]\d*$/.test(text)) throw new UserError(`handle must be a positive integer, got "${text}"`);
  const handle = Number(text);
  const name = runName(values["results-table"]);

  const prisma = createPrisma();
  const db = openSqlite();
  try {
    const run = await requireServedRun(prisma, name);
    const limit = integerFlag("limit", values.limit, 5, 1, run.parameters.top);
    // A handle past the 32-bit column cannot exist, and Prisma would refuse to look it up.
    if (handle > MAX_INT || !(await prisma.user.findUnique({ where: { handle } }))) {
      throw new UserError(`no user with handle ${handle}`);
    }
    const neighbours = new NeighbourReader(db).neighbours(run.id, [handle], limit).get(handle)!;
    if (values.json) {
      console.log(JSON.stringify({ handle, run: { id: run.id, name: run.name, finishedAt: run.finishedAt }, similar: neighbours.map(({ userHandle: _, ...n }) => n) }, null, 2));
      return;
    }
    console.log(`User ${handle}: ${neighbours.length} most similar users (run ${run.id} "${run.name}", ${run.finishedAt.toISOString()})`);
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
    db.close();
    await prisma.$disconnect();
  }
});
