// `npm run seed` / `npx prisma db seed`: imports the four CSV files into the database (src/import/ does the work;
// this file reads the command line, shows progress and prints the outcome).
import { parseCommandLine, progressLine, runCommand } from "./cli.js";
import { ImportError } from "./import/import-errors.js";
import type { WriteStep } from "./import/load.js";
import { formatRejections, formatSummary } from "./import/report.js";
import { defaultSeedDir, seedDatabase, type SeedProgress } from "./import/seed-database.js";

const help = `Usage: npm run seed -- [options]
       npx prisma db seed -- [options]

Replaces the users, courses, tags, interests, course views and assessment scores in the database
($DATABASE_URL, else prisma/<$DATABASE_ENV>.db, default prisma/dev.db) with the rows of four CSV files:
course_tags, user_assessment_scores, user_interests and user_course_views, each .csv or .csv.gz.
All or nothing: if anything fails, the database keeps its previous rows. Ranking runs are left alone.

Options:
  --dir <path>      folder holding the four files (default: $SEED_DIR, else seeds/)
  --skip-invalid    import the valid rows and report the rejected ones per file and reason
                    (default: any invalid row stops the import, printing up to 20 as file:line)
  --allow-empty     import a file holding only its header as an empty table, and say so in the summary
                    (default: such a file, a truncated export say, stops the import, naming it)
  -h, --help        show this help

Examples:
  npm run seed
  npx prisma db seed -- --dir ~/exports/2017-11
  DATABASE_ENV=test npm run seed -- --dir test/fixtures/import/good --skip-invalid
`;

/** What each last step of a write is called on the progress line. */
const stepNames: Record<WriteStep, string> = { indexes: "building indexes", commit: "committing" };

/** One rewritten line: the file being read, its rows read and written so far and rows/s; then the last steps. */
function progressReporter(line: ReturnType<typeof progressLine>): (event: SeedProgress) => void {
  return (event) => {
    if (event.phase === "read") {
      const rate = event.seconds > 0 ? Math.round(event.rows / event.seconds) : 0;
      line.update(`reading ${event.fileName} ${event.rows.toLocaleString("en-US")} rows (${rate.toLocaleString("en-US")}/s)`);
    } else {
      line.update(event.step in stepNames ? `${stepNames[event.step as WriteStep]}…` : `writing ${event.step}…`);
    }
  };
}

runCommand(async () => {
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    { dir: { type: "string" }, "skip-invalid": { type: "boolean" }, "allow-empty": { type: "boolean" } },
    help,
  );
  if (positionals.length > 0) {
    process.stderr.write(`! unexpected argument "${positionals[0]}" (the folder goes after --dir)\n\n${help}`);
    process.exit(2);
  }
  const dir = values.dir ?? (process.env.SEED_DIR?.trim() || defaultSeedDir);
  const line = progressLine();
  try {
    const summary = await seedDatabase({
      dir,
      skipInvalid: values["skip-invalid"] === true,
      allowEmpty: values["allow-empty"] === true,
      onProgress: progressReporter(line),
      onWarning: (warning) => process.stderr.write(`warning: ${warning}\n`),
    });
    line.done();
    for (const line of formatRejections(summary)) process.stderr.write(`${line}\n`);
    for (const line of formatSummary(summary)) process.stdout.write(`${line}\n`);
  } catch (error) {
    line.done();
    if (!(error instanceof ImportError)) throw error;
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    process.exitCode = 1;
  }
});
