import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { UserError } from "../src/domain/user-error.js";
import { databaseTarget, databaseUrl, projectRoot, redactUrl } from "../src/database-url.js";

describe("databaseUrl", () => {
  test("DATABASE_URL wins, relative paths from the project root; else DATABASE_ENV picks prisma/<env>.db", () => {
    expect(databaseUrl({ DATABASE_URL: "file:data/x.db", DATABASE_ENV: "prod" })).toBe(`file:${projectRoot}/data/x.db`);
    expect(databaseUrl({ DATABASE_ENV: "test" })).toBe(`file:${projectRoot}/prisma/test.db`);
    expect(databaseUrl({})).toBe(`file:${projectRoot}/prisma/dev.db`);
  });

  test("a malformed value is a UserError naming the variable and the value", () => {
    expect(() => databaseUrl({ DATABASE_ENV: "staging" })).toThrow(
      new UserError('DATABASE_ENV must be one of dev, test, prod, got "staging"'),
    );
    expect(() => databaseUrl({ DATABASE_URL: "postgres://db" })).toThrow(UserError);
  });

  test("npm start and npm run rank print it without a stack and exit 1", () => {
    for (const script of ["src/start.ts", "src/rank.ts"]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", script], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: "", DATABASE_ENV: "staging" },
        encoding: "utf8",
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('! DATABASE_ENV must be one of dev, test, prod, got "staging"\n');
    }
  }, 30_000);
});

describe("redactUrl", () => {
  test("replaces the password, and only the password, with ***", () => {
    expect(redactUrl("postgresql://kindred:s3cr%40t@db.internal:5432/kindred?schema=public")).toBe(
      "postgresql://kindred:***@db.internal:5432/kindred?schema=public",
    );
    expect(redactUrl("redis://:hunter2@127.0.0.1:6379/0")).toBe("redis://:***@127.0.0.1:6379/0");
    expect(redactUrl("postgresql:///kindred?host=/var/run/postgresql&password=hunter2")).toBe(
      "postgresql:///kindred?host=/var/run/postgresql&password=***",
    );
  });

  test("leaves a URL without a password as it is, and redacts one too malformed to parse", () => {
    expect(redactUrl("postgres://postgres@127.0.0.1/kindred")).toBe("postgres://postgres@127.0.0.1/kindred");
    expect(redactUrl(`file:${projectRoot}/prisma/dev.db`)).toBe(`file:${projectRoot}/prisma/dev.db`);
    expect(redactUrl("postgresql://kindred:p@ss:w/rd@[::1/kindred")).toBe("postgresql://kindred:***@[::1/kindred");
    expect(redactUrl("postgresql://kindred:pa/ss@db/kindred")).toBe("postgresql://kindred:***@db/kindred");
  });
});

describe("databaseTarget", () => {
  test("postgresql:// and postgres:// select PostgreSQL; a file: URL or none stays SQLite", () => {
    const url = "postgresql://kindred@127.0.0.1:5432/kindred";
    expect(databaseTarget({ DATABASE_URL: url })).toEqual({ dialect: "postgresql", url });
    expect(databaseTarget({ DATABASE_URL: " postgres://db/kindred " })).toEqual({ dialect: "postgresql", url: "postgres://db/kindred" });
    expect(databaseTarget({ DATABASE_URL: "file:data/x.db" })).toEqual({ dialect: "sqlite", url: `file:${projectRoot}/data/x.db` });
    expect(databaseTarget({})).toEqual({ dialect: "sqlite", url: `file:${projectRoot}/prisma/dev.db` });
  });

  test("a malformed URL is a UserError that shows it redacted", () => {
    expect(() => databaseTarget({ DATABASE_URL: "postgresql://kindred:hunter2@[::1/kindred" })).toThrow(
      new UserError('DATABASE_URL is not a valid PostgreSQL URL: "postgresql://kindred:***@[::1/kindred"'),
    );
    expect(() => databaseUrl({ DATABASE_URL: "mysql://kindred:hunter2@db/kindred" })).toThrow(
      new UserError('DATABASE_URL must be a SQLite file: URL (file:path/to.db), got "mysql://kindred:***@db/kindred"'),
    );
  });
});
