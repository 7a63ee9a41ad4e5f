import { cpSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { projectRoot } from "../../src/database-url.js";

const migrations = path.join(projectRoot, "prisma", "migrations");

/**
 * Deploys to the SQLite database at `url` only the migrations before `firstNew` (a migration's folder name), through
 * a config in `dir` that points Prisma at a copy of them: a database in the shape it had before the change a
 * migration test tests.
 */
export function deployMigrationsBefore(firstNew: string, dir: string, url: string): void {
  const old = path.join(dir, "migrations");
  for (const name of readdirSync(migrations)) {
    if (name < firstNew || name === "migration_lock.toml") cpSync(path.join(migrations, name), path.join(old, name), { recursive: true });
  }
  const config = path.join(dir, "prisma.config.ts");
  writeFileSync(
    config,
    `import config from ${JSON.stringify(path.join(projectRoot, "prisma.config.ts"))};\n` +
      `export default { ...config, schema: ${JSON.stringify(path.join(projectRoot, "prisma", "schema.prisma"))}, ` +
      `migrations: { ...config.migrations, path: ${JSON.stringify(old)} } };\n`,
  );
  execFileSync(path.join(projectRoot, "node_modules", ".bin", "prisma"), ["migrate", "deploy", "--config", config], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}
