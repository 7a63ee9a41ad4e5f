// `npm run db:reset`: deletes the database file and applies every migration to a new one. Prisma's own
// `migrate reset` is broken with the js engine in 6.19.3 (it cannot drop a SQLite database through the adapter), so
// this replaces it; it can go when `npx prisma migrate reset` works with engine "js".
import { rmSync } from "node:fs";
import { parseCommandLine, runCommand } from "./cli.js";
import { databasePath, databaseUrl } from "./database-url.js";
import { deployMigrations } from "./migrate.js";

const help = `Usage: npm run db:reset

Deletes the database ($DATABASE_URL, else prisma/<$DATABASE_ENV>.db) and re-applies every migration.
Then \`npm run seed\` imports the CSVs again.
`;

runCommand(async () => {
  parseCommandLine(process.argv.slice(2), {}, help);
  const url = databaseUrl();
  const file = databasePath(url);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  console.log(`Removed ${file}`);
  deployMigrations(url);
  console.log(`✓ ${file} is empty with every migration applied`);
});
