import { describe, expect, test } from "vitest";
import { UserError } from "../../src/domain/user-error.js";
import { openPostgresPool, poolSize, requirePostgres } from "../../src/postgres.js";
import { prismaCli, testPostgresServer } from "../support/postgres.js";

// Port 1 on the loopback: nothing listens there, so the connection is refused at once.
const refused = "postgresql://kindred:s3cret@127.0.0.1:1/kindred";
const refusedLine =
  'cannot connect to PostgreSQL at 127.0.0.1:1, database "kindred" (postgresql://kindred:***@127.0.0.1:1/kindred): connect ECONNREFUSED 127.0.0.1:1';

describe("requirePostgres", () => {
  test("resolves on the test server", async () => {
    await expect(requirePostgres(testPostgresServer)).resolves.toBeUndefined();
  });

  test("a server that refuses is one UserError naming host, port, database and the redacted URL", async () => {
    await expect(requirePostgres(refused)).rejects.toThrow(new UserError(refusedLine));
  });

  test("a database the server lacks, over the unix socket, names the socket and the server's reason", async () => {
    const url = "postgresql://postgres@/kindred_no_such_database?host=/var/run/postgresql";
    await expect(requirePostgres(url)).rejects.toThrow(
      new UserError(
        'cannot connect to PostgreSQL at /var/run/postgresql/.s.PGSQL.5432, database "kindred_no_such_database" ' +
          `(${url}): database "kindred_no_such_database" does not exist`,
      ),
    );
  });
});

describe("the pool size", () => {
  test("is the URL's connection_limit when it has one, else the command's own", () => {
    expect(poolSize("postgresql://postgres@127.0.0.1:5432/kindred?connection_limit=12", 4)).toBe(12);
    expect(poolSize("postgresql://postgres@127.0.0.1:5432/kindred", 4)).toBe(4);
  });

  test("a connection_limit that is not a positive integer is one UserError with the redacted URL", () => {
    for (const asked of ["0", "-2", "8.5", "many", ""]) {
      expect(() => poolSize(`postgresql://kindred:s3cret@127.0.0.1/kindred?connection_limit=${asked}`, 4)).toThrow(
        new UserError(`connection_limit "${asked}" in postgresql://kindred:***@127.0.0.1/kindred?connection_limit=${asked} is not a positive integer (the pool size)`),
      );
    }
  });

  test("openPostgresPool opens at most that many connections, and they work", async () => {
    const url = new URL(testPostgresServer);
    url.searchParams.set("connection_limit", "2");
    const pool = await openPostgresPool(url.toString());
    try {
      expect(pool.options.max).toBe(2);
      const pids = await Promise.all(Array.from({ length: 6 }, async () => (await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid, pg_sleep(0.05)")).rows[0].pid));
      expect(new Set(pids).size).toBe(2);
    } finally {
      await pool.end();
    }
  });
});

describe("prisma migrate deploy with an unreachable DATABASE_URL", () => {
  test("fails with that one line, no stack and no password", () => {
    const result = prismaCli(["migrate", "deploy"], refused);
    const output = result.stdout + result.stderr;
    expect(result.status).toBe(1);
    expect(output).toContain(`Error: ${refusedLine}`);
    expect(output).not.toContain("s3cret");
    expect(output).not.toMatch(/^\s+at /m);
  }, 300_000); // a prisma command on a loaded 2-core machine takes over a minute
});
