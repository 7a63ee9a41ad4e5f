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
      throw new UserError(`DATABASE_URL must be a SQLite file: URL (file:path/to.db), got "${redactUrl(explicit)}"`);
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

export type DatabaseDialect = "sqlite" | "postgresql";

/** Which database a command talks to, and where: a `file:` URL for SQLite, a `postgresql://` URL for PostgreSQL. */
export type DatabaseTarget = { dialect: "sqlite"; url: string } | { dialect: "postgresql"; url: string };

/** True for the two schemes PostgreSQL's own tools accept, `postgresql://` and `postgres://`. */
function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * The dialect DATABASE_URL selects, without validating anything: a PostgreSQL URL selects PostgreSQL; a `file:` URL,
 * none, or anything else stays SQLite (whose databaseUrl() then reports a malformed value).
 */
export function databaseDialect(env: NodeJS.ProcessEnv = process.env): DatabaseDialect {
  return isPostgresUrl(env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

/**
 * The database DATABASE_URL (or, for SQLite, DATABASE_ENV) names. A PostgreSQL URL must parse; anything else is
 * resolved by databaseUrl(). A malformed value is a UserError showing the URL redacted.
 */
export function databaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (databaseDialect(env) === "sqlite") return { dialect: "sqlite", url: databaseUrl(env) };
  const url = env.DATABASE_URL!.trim();
  if (!URL.canParse(url)) throw new UserError(`DATABASE_URL is not a valid PostgreSQL URL: "${redactUrl(url)}"`);
  return { dialect: "postgresql", url };
}

/** The database a URL names: a `postgresql://` URL is PostgreSQL, anything else a SQLite `file:` URL. */
export function targetOfUrl(url: string): DatabaseTarget {
  return databaseTarget({ DATABASE_URL: url });
}

/**
 * `url` with its password replaced by `***` (`postgresql://kindred:***@db:5432/kindred`), also a `password` query
 * parameter's value; every log line and error message that shows a URL shows this. Text surgery rather than
 * `new URL()`, so the rest reads as the user wrote it, and a malformed URL (a `/` or `@` left unencoded in the
 * password) is redacted too: everything from the user's `:` to the last `@` goes, erring on the side of hiding.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):.*@/is, "$1:***@")
    .replace(/([?&]password=)[^&#]*/gi, "$1***");
}
