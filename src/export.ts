// `npm run export -- --out FILE.csv`: the served ranking run as CSV.
import { createWriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { once } from "node:events";
import { parseCommandLine, runCommand } from "./cli.js";
import { openStores } from "./db.js";
import { UserError } from "./domain/user-error.js";
import { requireServedRun } from "./rankings/neighbours-of.js";
import { neighbourColumns } from "./rankings/ranking-store.js";
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
  const stores = await openStores();
  try {
    const { rankings } = stores;
    const run = requireServedRun(await rankings.servedRun(name), name);
    const partial = `${values.out}.partial`;
    const out = createWriteStream(partial);
    out.write(`${neighbourColumns.join(",")}\n`);
    let count = 0;
    for await (const n of rankings.allNeighbours(run.id)) {
      const row = [n.userHandle, n.rank, n.neighbourHandle, n.score, n.interests, n.courses, n.assessments];
      if (!out.write(`${row.map((v) => (v === null ? "" : String(v))).join(",")}\n`)) await once(out, "drain");
      count++;
    }
    out.end();
    await once(out, "finish");
    await rename(partial, values.out);
    console.log(`Wrote ${count} rows of run ${run.id} "${run.name}" to ${values.out}`);
  } finally {
    await stores.close();
  }
});
