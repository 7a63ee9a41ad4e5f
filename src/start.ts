// `npm start`: everything a fresh clone needs, in order. Applies the migrations; seeds from seeds/ when the database
// has no users; ranks when no run of $RESULTS_TABLE is complete; then serves. Each step is the same command a user
// would run on its own (npm run seed, npm run rank, npm run serve), with the same output.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { UserError } from "./domain/user-error.js";
import { projectRoot } from "./database-url.js";
import { openStores } from "./db.js";
import { deployMigrations } from "./migrate.js";
import { runName } from "./rankings/run-parameters.js";

function step(title: string, script: string): void {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "src", script)], {
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** What the database holds so far, after applying the migrations. A user's mistake (say, DATABASE_ENV=staging)
 *  ends here with its message and no stack, as in the other commands. */
async function prepare() {
  try {
    console.log("▸ Applying migrations");
    deployMigrations();
    const stores = await openStores();
    try {
      return { users: await stores.users.userCount(), served: await stores.rankings.servedRun(runName(undefined)) };
    } finally {
      await stores.close();
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`! ${error.message}\n`);
    process.exit(error.exitCode);
  }
}

const { users, served } = await prepare();

if (users === 0) step("The database is empty: seeding from seeds/ (npm run seed)", "seed.ts");
else console.log(`▸ ${users} users already imported (npm run seed to re-import)`);
if (!served) step("No complete ranking run yet: ranking (npm run rank)", "rank.ts");
else console.log(`▸ Serving ranking run ${served.id} of ${served.finishedAt.toISOString()} (npm run rank to re-rank)`);

console.log("\n▸ Serving (npm run serve)");
await import("./server.js");
