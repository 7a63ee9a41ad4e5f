import path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "./domain/user-error.js";

/** The folder holding package.json: database paths are resolved from here, never from the caller's cwd. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const databaseEnvs = ["dev", "test", "prod"] as const;
export type DatabaseEnv = (typeof databaseEnvs)[number];

/**
 * Where the SQLite database lives, as an absolute `file:` URL.
 * `DATABASE_URL` wins when set (a relative `file:` path is taken from the project root); otherwise
 * `DATABASE_ENV` (dev, test or prod; default dev) picks `prisma/<env>.db`, as the original system's `--env` did.
 * A malformed value is a UserError: commands print its message, without a stack.
 */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.DATABASE_URL?.trim();
  if (explicit) {
    if (!explicit.startsWith("file:")) {
      throw new UserError(`DATABASE_URL must be a SQLite file: URL (file:path/to.db), got "${explicit}"`);
    }
    return `file:${path.resolve(projectRoot, explicit.slice("file:".length))}`;
  }
  const name = env.DATABASE_ENV?.trim() || "dev";
  if (!(databaseEnvs as readonly string[]).includes(name)) {
    throw new UserError(`DATABASE_ENV must be one of ${databaseEnvs.join(", ")}, got "${name}"`);
  }
  return `file:${path.join(projectRoot, "prisma", `${name}.db`)}`;
}

/** The file behind a `file:` URL. */
export function databasePath(url: string = databaseUrl()): string {
  return url.slice("file:".length);
}
