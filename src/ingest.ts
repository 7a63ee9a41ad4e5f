// `npm run ingest -- --dir DIR`: appends delta CSV files (any of the seed's four, in its format) to the database
// as events, without replacing what is stored, and brings the served run up to date in the same transaction
// (src/events reads and stores them, src/rankings/live-ranking.ts absorbs them). This file reads the command line,
// shows progress and prints the outcome.
import { parseCommandLine, progressLine, runCommand } from "./cli.js";
import { databasePath } from "./database-url.js";
import { openStores } from "./db.js";
import { UserError } from "./domain/user-error.js";
import { EventError } from "./events/activity-event.js";
import { readDeltaEvents } from "./events/delta-files.js";
import { ImportError } from "./import/import-errors.js";
import { LiveRanking } from "./rankings/live-ranking.js";
import { runName } from "./rankings/run-parameters.js";

const help = `Usage: npm run ingest -- --dir <path> [options]

Appends the rows of delta CSV files to the database ($DATABASE_URL, else prisma/<$DATABASE_ENV>.db, default
prisma/dev.db): any of course_tags, user_assessment_scores, user_interests and user_course_views (.csv or
.csv.gz), in the seed's format. Nothing stored is replaced; rows repeating a stored one exactly (a follow, a
course tag) are collapsed and counted, as the seed does. The served run's lists are updated in the same
transaction to what a full exact run of the new data would store. All or nothing: an invalid row (printed as
file:line: column: reason) stores nothing.

Options:
  --dir <path>             folder holding the delta files (required)
  --results-table <name>   the ranking whose served run absorbs the rows (default: $RESULTS_TABLE, else user_ranking)
  -h, --help               show this help

Example:
  npm run ingest -- --dir ~/exports/2017-12-01
`;

const count = (n: number) => n.toLocaleString("en-US");

runCommand(async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), { dir: { type: "string" }, "results-table": { type: "string" } }, help);
  if (positionals.length > 0 || values.dir === undefined) {
    process.stderr.write(`! ${positionals.length > 0 ? `unexpected argument "${positionals[0]}" (the folder goes after --dir)` : "--dir is required"}\n\n${help}`);
    process.exit(2);
  }
  const started = performance.now();
  const progress = progressLine();
  let delta;
  try {
    delta = await readDeltaEvents(values.dir, (fileName, rows) => progress.update(`reading ${fileName} ${count(rows)} rows`));
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    progress.done();
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    process.exitCode = 1;
    return;
  }
  const read = performance.now();
  const stores = await openStores();
  try {
    if (!stores.live) throw new UserError("npm run ingest needs the SQLite database for now: PostgreSQL has no event store yet");
    const live = new LiveRanking(stores.live, runName(values["results-table"]));
    progress.update(`storing ${count(delta.events.length)} rows and updating the served run…`);
    let batch;
    try {
      batch = await live.recordChecked(delta.events);
    } catch (error) {
      if (!(error instanceof EventError)) throw error;
      const { fileName, line } = delta.origin[error.problem.index];
      progress.done();
      const { field, reason, detail } = error.problem;
      process.stderr.write(`${fileName}:${line}: ${field}: ${reason}${detail === undefined ? "" : ` (${detail})`}\nnothing was ingested\n`);
      process.exitCode = 1;
      return;
    }
    progress.done();
    const finished = performance.now();
    const rows = delta.files.reduce((sum, f) => sum + f.rowsRead, 0);
    console.log(`Ingested ${values.dir} into ${databasePath(stores.target.url)}`);
    for (const f of delta.files) console.log(`  ${f.fileName.padEnd(28)} ${count(f.rowsRead).padStart(9)} row${f.rowsRead === 1 ? "" : "s"}`);
    console.log(`  stored ${count(delta.events.length - batch.duplicates)} rows as events` +
      (batch.duplicates > 0 ? ` (${count(batch.duplicates)} exact duplicate${batch.duplicates === 1 ? "" : "s"} collapsed)` : ""));
    console.log(batch.run
      ? `  served run ${batch.run.id}: revision ${count(batch.run.revision)}, ${count(batch.changed.length)} users' lists rewritten`
      : "  no ranking run is served yet: `npm run rank` ranks the data with these rows");
    console.log(`✓ ${count(rows)} rows in ${((finished - started) / 1000).toFixed(1)} s (read ${((read - started) / 1000).toFixed(1)} s, ` +
      `store and update ${((finished - read) / 1000).toFixed(1)} s)`);
  } finally {
    await stores.close();
  }
});
