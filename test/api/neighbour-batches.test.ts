// The server's one neighbours loader: reads asked for in one tick, by any number of requests, are one statement per
// run, and each caller gets what the store answers for it alone.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { neighbourBatches } from "../../src/api/neighbour-batches.js";
import { targetOfUrl } from "../../src/database-url.js";
import { type OpenStores, openStores } from "../../src/db.js";
import type { RankingStore } from "../../src/rankings/ranking-store.js";
import { type DialectDatabase, dialects } from "../support/stores.js";
import { fixtureDatabaseOn, rank } from "./fixture.js";

describe.each(dialects)("neighbourBatches on %s", (dialect) => {
  let database: DialectDatabase;
  let stores: OpenStores;
  let firstRun: number;
  let secondRun: number;
  beforeAll(async () => {
    database = await fixtureDatabaseOn(dialect, { ranked: false });
    firstRun = await rank(database.url, "batches");
    secondRun = await rank(database.url, "batches");
    stores = await openStores(targetOfUrl(database.url));
  });
  afterAll(async () => {
    await stores?.close();
    await database?.remove();
  });

  /** The stores' ranking store, recording the arguments of each neighbours statement. */
  function counted(): { rankings: RankingStore; calls: [number, number[], number][] } {
    const calls: [number, number[], number][] = [];
    const rankings: RankingStore = Object.create(stores.rankings);
    rankings.neighbours = (runId, handles, limit) => {
      calls.push([runId, [...handles], limit]);
      return stores.rankings.neighbours(runId, handles, limit);
    };
    return { rankings, calls };
  }

  const alone = async (runId: number, handle: number, limit: number) => (await stores.rankings.neighbours(runId, [handle], limit)).get(handle);

  test("loads of one tick are one statement per run, as deep as the largest limit, each answered as alone", async () => {
    const { rankings, calls } = counted();
    const loader = neighbourBatches(rankings);
    const keys = [
      { runId: secondRun, handle: 1, limit: 2 },
      { runId: secondRun, handle: 3, limit: 5 },
      { runId: firstRun, handle: 1, limit: 4 },
      { runId: secondRun, handle: 1, limit: 5 },
      { runId: secondRun, handle: 8, limit: 5 },
    ];
    const answers = await Promise.all(keys.map((k) => loader.load(k)));
    expect(calls).toEqual([
      [secondRun, [1, 3, 8], 5],
      [firstRun, [1], 4],
    ]);
    for (const [i, { runId, handle, limit }] of keys.entries()) expect(answers[i]).toEqual(await alone(runId, handle, limit));
    expect(answers[0]).toEqual(answers[3].slice(0, 2));
    // User 1's five neighbours are everyone sharing a tag with it (fixture.ts).
    expect(answers[3].map((n) => n.neighbourHandle).sort((a, b) => a - b)).toEqual([2, 5, 7, 9, 10]);
    expect(answers[4]).toEqual([]); // user 8 exists but has no data, so no neighbours
  });

  test("remembers nothing: a later tick reads again", async () => {
    const { rankings, calls } = counted();
    const loader = neighbourBatches(rankings);
    const first = await loader.load({ runId: secondRun, handle: 2, limit: 3 });
    const again = await loader.load({ runId: secondRun, handle: 2, limit: 3 });
    expect(again).toEqual(first);
    expect(calls).toEqual([
      [secondRun, [2], 3],
      [secondRun, [2], 3],
    ]);
  });
});
