import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/database-url.js";
import { openSqlite } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { deployMigrations } from "../../src/migrate.js";
import { loadProfileArrays, type ProfileArrays } from "../../src/profiles/load-profiles.js";
import { sqliteRunner } from "../../src/profiles/source-rows.js";

/** Every profile (no idf) of the SQLite database at `url`, or, without one, of $KINDRED_DATA (default seeds/) seeded
 *  into a scratch database that is removed afterwards: what the engine benches rank. */
export async function seededProfiles(url: string | undefined): Promise<ProfileArrays> {
  const load = async (at: string) => {
    const db = openSqlite(at);
    try {
      return await loadProfileArrays(sqliteRunner(db), { idf: false });
    } finally {
      db.close();
    }
  };
  if (url !== undefined) return load(url);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "kindred-bench-"));
  const scratchUrl = `file:${path.join(scratch, "kindred.db")}`;
  try {
    deployMigrations(scratchUrl);
    await seedDatabase({ dir: process.env.KINDRED_DATA ?? path.join(projectRoot, "seeds"), url: scratchUrl });
    return await load(scratchUrl);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
