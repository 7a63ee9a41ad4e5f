// A queue that cannot be reached, or none at all: one `! …` line naming the URL with its password redacted, a non-zero
// exit, and no run started in the database.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestDatabase } from "../support/database.js";
import { tinyFixtureDatabase } from "../rankings/tiny-fixture.js";
import { rankingRuns, run } from "./queue-bed.js";

// Port 1 answers nobody on this host: refused at once.
const unreachable = "redis://kindred:s3cret@127.0.0.1:1";
const notAnswering =
  "! Redis at redis://kindred:***@127.0.0.1:1 does not answer (connect ECONNREFUSED 127.0.0.1:1): start it, or point --queue / REDIS_URL at one\n";

let database: TestDatabase;
beforeAll(async () => {
  database = await tinyFixtureDatabase();
});
afterAll(() => database.remove());

describe("queue configuration errors", () => {
  test("rank with an unreachable --queue, or REDIS_URL, says so in one line and starts no run", async () => {
    const [flag, env] = await Promise.all([
      run("rank", ["--queue", unreachable], { DATABASE_URL: database.url }),
      run("rank", [], { DATABASE_URL: database.url, REDIS_URL: unreachable }),
    ]);
    for (const rank of [flag, env]) expect(rank).toEqual({ status: 1, stdout: "", stderr: notAnswering });
    expect(rankingRuns(database)).toEqual([]);
  });

  test("rank:worker with an unreachable queue says so in one line", async () => {
    expect(await run("rank-worker", ["--queue", unreachable])).toEqual({ status: 1, stdout: "", stderr: notAnswering });
  });

  test("rank:worker without a queue, or with a blank REDIS_URL, says how to name one", async () => {
    const noQueue = { status: 1, stdout: "", stderr: "! no queue: pass --queue redis://… or set REDIS_URL\n" };
    const [none, blank] = await Promise.all([run("rank-worker", []), run("rank-worker", [], { REDIS_URL: "  " })]);
    expect(none).toEqual(noQueue);
    expect(blank).toEqual(noQueue);
  });

  test("a queue that is not a redis:// URL is refused before connecting, its password redacted", async () => {
    const bad = "http://kindred:s3cret@127.0.0.1:6379";
    const refused = { status: 1, stdout: "", stderr: '! the queue must be a redis:// URL (--queue or REDIS_URL), got "http://kindred:***@127.0.0.1:6379"\n' };
    const [rank, worker] = await Promise.all([
      run("rank", ["--queue", bad], { DATABASE_URL: database.url }),
      run("rank-worker", ["--queue", bad]),
    ]);
    expect(rank).toEqual(refused);
    expect(worker).toEqual(refused);
    expect(rankingRuns(database)).toEqual([]);
  });
});
