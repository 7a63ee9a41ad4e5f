import { describe, expect, test } from "vitest";
import { UserError } from "../../src/domain/user-error.js";
import { requirePostgres } from "../../src/postgres.js";
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
