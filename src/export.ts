// `npm run export -- --out FILE.csv`: the served ranking run as CSV.
import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { parseCommandLine, runCommand, UserError } from "./cli.js";
import { createPrisma, openSqlite } from "./db.js";
import { requireServedRun } from "./rankings/lookups.js";
import { neighbourColumns } from "./rankings/neighbour-reader.js";
import { defaultRunName, runName } from "./rankings/run-parameters.js";

const help = `Usage: npm run export -- --out FILE.csv [options]

Writes the served ranking run as CSV, one row per (user, neighbour), with the header
user_handle,rank,neighbour_handle,score,interests,courses,assessments
(a source's column is empty where neither user has data in it). Scores keep full precision.

Options:
  --out FILE            where to write (required); written to FILE.partial, then renamed
  --results-table NAME  which ranking (default: $RESULTS_TABLE, else ${defaultRunName})
  -h, --help            show this help

Examples:
  npm run export -- --out ranking.csv
`;

runCommand(async () => {
  const { values } = parseCommandLine(process.argv.slice(2), { out: { type: "string" }, "results-table": { type: "string" } }, help);
  if (!values.out) throw new UserError("--out FILE is required; see --help");
  const name = runName(values["results-table"]);
  const prisma = createPrisma();
  const db = openSqlite();
  try {
    const run = await requireServedRun(prisma, name);
    const partial = `${values.out}.partial`;
    const out = createWriteStream(partial);
    out.write(`${neighbourColumns.join(",")}\n`);
    // Streamed with better-sqlite3: ~200k rows, which Prisma would first materialize as objects.
    const rows = db
      .prepare(
        `SELECT ${neighbourColumns.join(", ")} FROM neighbours WHERE run_id = ? ORDER BY user_handle, rank`,
      )
      .raw()
      .iterate(run.id) as IterableIterator<(number | null)[]>;
    let count = 0;
    for (const row of rows) {
      if (!out.write(`${row.map((v) => (v === null ? "" : String(v))).join(",")}\n`)) await once(out, "drain");
      count++;
    }
    out.end();
    await once(out, "finish");
    await rename(partial, values.out);
    console.log(`Wrote ${count} rows of run ${run.id} "${run.name}" to ${values.out}`);
  } finally {
    db.close();
    await prisma.$disconnect();
  }
});
