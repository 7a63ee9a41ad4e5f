import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { UserError } from "../src/domain/user-error.js";
import { databaseUrl, projectRoot } from "../src/database-url.js";

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
