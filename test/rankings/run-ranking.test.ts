import type { PrismaClient } from "@prisma/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { targetOfUrl } from "../../src/database-url.js";
import { type OpenStores, openStores } from "../../src/db.js";
import { defaultWeights } from "../../src/rankings/run-parameters.js";
import { type RankingOptions, runRanking } from "../../src/rankings/run-ranking.js";
import { type DialectDatabase, dialects, freshDialectDatabase, prismaFor } from "../support/stores.js";
import { insertTinyFixture, tinyNeighbours } from "./tiny-fixture.js";

const options: RankingOptions = { name: "user_ranking", keep: 5, top: 20, weights: defaultWeights, idf: false, workers: 1 };

/** A trigger failing the insert of the new run's fourth neighbour row (user 2's rank 2), after three went in. */
const failMidway = (firstRunId: number) => ({
  sqlite: `CREATE TRIGGER fail_midway BEFORE INSERT ON neighbours
           WHEN NEW.run_id > ${firstRunId} AND NEW.rank = 2 AND NEW.user_handle = 2
           BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END`,
  postgresql: `CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN RAISE EXCEPTION 'simulated disk full'; END $$;
               CREATE TRIGGER fail_midway BEFORE INSERT ON neighbours FOR EACH ROW
                 WHEN (NEW.run_id > ${firstRunId} AND NEW.rank = 2 AND NEW.user_handle = 2) EXECUTE FUNCTION fail_midway()`,
});

describe.each(dialects)("ranking runs on %s", (dialect) => {
  let database: DialectDatabase;
  let prisma: PrismaClient;
  let stores: OpenStores;

  beforeEach(async () => {
    database = await freshDialectDatabase(dialect);
    prisma = prismaFor(database);
    stores = await openStores(targetOfUrl(database.url));
    await insertTinyFixture(prisma);
  });
  afterEach(async () => {
    await stores?.close();
    await prisma?.$disconnect();
    await database?.remove();
  });

  it("stores every active user's neighbours, best first, as a complete run with its parameters", async () => {
    const summary = await runRanking(stores, options);
    expect(summary.userCount).toBe(4);
    expect(summary.rowCount).toBe(6);
    const run = await stores.rankings.servedRun("user_ranking");
    expect(run).toMatchObject({ id: summary.runId, userCount: 4, rowCount: 6, engineVersion: 1 });
    expect(run!.parameters).toEqual({ top: 20, weights: defaultWeights, idf: false, workers: 1, method: "exact" });
    expect(run!.recall).toBeNull();
    const stored = await stores.rankings.neighbours(summary.runId, [1, 2, 3, 4], 20);
    for (const [handle, expected] of Object.entries(tinyNeighbours)) {
      expect(stored.get(Number(handle))!.map((n) => [n.neighbourHandle, n.score])).toEqual(expected);
    }
    expect(stored.get(1)![0]).toMatchObject({ rank: 1, interests: 1, courses: null, assessments: null });
  });

  it("reports each phase in order, and the rows written out of the run's total", async () => {
    const reports: [string, number, number][] = [];
    await runRanking(stores, { ...options, onProgress: (phase, done, total) => reports.push([phase, done, total]) });
    // The tiny fixture's 4 users fit one block of the exact engine, and its 6 rows one progress step of the write.
    expect(reports).toEqual([["load", 0, 1], ["compute", 4, 4], ["write", 0, 6], ["write", 6, 6]]);
  });

  it("leaves the previous run served and marks the new one failed when writing fails midway", async () => {
    const first = await runRanking(stores, options);
    await database.exec(failMidway(first.runId)[dialect]);
    await expect(runRanking(stores, options)).rejects.toThrow("simulated disk full");
    expect((await stores.rankings.servedRun("user_ranking"))!.id).toBe(first.runId);
    const failed = await prisma.rankingRun.findFirstOrThrow({ where: { id: { gt: first.runId } } });
    expect(failed).toMatchObject({ status: "failed", error: "simulated disk full" });
    expect(await prisma.neighbour.count({ where: { runId: failed.id } })).toBe(0);
  });

  it("marks a run left running by a killed process as failed when the next run of its name starts", async () => {
    const parameters = { top: options.top, weights: options.weights, idf: options.idf, workers: options.workers };
    const stale = await stores.rankings.startRun("user_ranking", parameters, new Date("2026-01-01T00:00:00Z"));
    const other = await stores.rankings.startRun("other", parameters, new Date("2026-01-01T00:00:00Z"));
    const next = await runRanking(stores, options);
    const runs = await prisma.rankingRun.findMany({ orderBy: { id: "asc" } });
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      [stale, "failed"],
      [other, "running"],
      [next.runId, "complete"],
    ]);
    expect(runs[0].error).toMatch(/^interrupted: still running when run .* started$/);
  });

  it("keeps only the newest --keep runs of a name and leaves other names alone", async () => {
    const other = await runRanking(stores, { ...options, name: "experiment" });
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await runRanking(stores, { ...options, keep: 2 })).runId);
    const runs = await prisma.rankingRun.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true } });
    expect(runs).toEqual([
      { id: other.runId, name: "experiment" },
      { id: ids[2], name: "user_ranking" },
      { id: ids[3], name: "user_ranking" },
    ]);
    expect(await prisma.neighbour.count({ where: { runId: ids[0] } })).toBe(0);
  });

  it("stores an approximate run's method, settings and recall, and reads them back", async () => {
    const summary = await runRanking(stores, { ...options, method: "approximate", recallSample: 3 });
    // Four users: NN-Descent's random start already holds every pair, so the lists are the exact ones.
    expect(summary.recall).toEqual({ at5: 1, at20: 1, sample: 3 });
    const served = await stores.rankings.servedRun("user_ranking");
    expect(served).toMatchObject({ id: summary.runId, recall: { at5: 1, at20: 1, sample: 3 } });
    expect(served!.parameters).toMatchObject({ method: "approximate", approximate: { neighbours: 30, seed: 1 } });
    expect((await stores.rankings.runs("user_ranking", 1))[0].recall).toEqual({ at5: 1, at20: 1, sample: 3 });
    const stored = await stores.rankings.neighbours(summary.runId, [1, 2, 3, 4], 20);
    for (const [handle, expected] of Object.entries(tinyNeighbours)) {
      expect(stored.get(Number(handle))!.map((n) => [n.neighbourHandle, n.score])).toEqual(expected);
    }
  });

  it("keeps at most --top neighbours per user", async () => {
    const summary = await runRanking(stores, { ...options, top: 1 });
    const stored = await stores.rankings.neighbours(summary.runId, [1, 3], 20);
    expect(stored.get(1)!.map((n) => n.neighbourHandle)).toEqual([2]);
    expect(stored.get(3)!.map((n) => n.neighbourHandle)).toEqual([1]);
    expect(summary.rowCount).toBe(3);
  });
});
