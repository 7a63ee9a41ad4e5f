import { spawnSync } from "node:child_process";
import path from "node:path";
import { databaseTarget, projectRoot } from "./database-url.js";

/**
 * `prisma migrate deploy` against `url`: applies the migrations the database lacks (prisma.config.ts picks
 * prisma/migrations or prisma/postgresql/migrations by the URL).
 * Prisma's own output goes to stderr so a command's stdout stays its results. Throws when Prisma fails.
 */
export function deployMigrations(url: string = databaseTarget().url): void {
  const prisma = path.join(projectRoot, "node_modules", ".bin", "prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed (exit ${result.status ?? result.signal})`);
}
