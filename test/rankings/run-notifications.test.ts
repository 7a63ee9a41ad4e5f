// completeRun on PostgreSQL announces a run inside its transaction: at the commit, or never.
import pg from "pg";
import { afterEach, beforeEach, expect, test } from "vitest";
import { targetOfUrl } from "../../src/database-url.js";
import { type OpenStores, openStores } from "../../src/db.js";
import { postgresConfig } from "../../src/postgres.js";
import { parseRunCompleted, runsChannel } from "../../src/rankings/run-notifications.js";
import { defaultWeights } from "../../src/rankings/run-parameters.js";
import { type RankingOptions, runRanking } from "../../src/rankings/run-ranking.js";
import { type DialectDatabase, freshDialectDatabase, prismaFor } from "../support/stores.js";
import { insertTinyFixture } from "./tiny-fixture.js";

const options: RankingOptions = { name: "user_ranking", keep: 5, top: 20, weights: defaultWeights, idf: false, workers: 1 };

/** Fails completeRun's last statement (the prune), after its NOTIFY was issued: the rollback must take it back. */
const failPrune = `CREATE FUNCTION fail_prune() RETURNS trigger LANGUAGE plpgsql AS $$
                     BEGIN RAISE EXCEPTION 'simulated failure after the notification'; END $$;
                   CREATE TRIGGER fail_prune BEFORE DELETE ON ranking_runs FOR EACH STATEMENT EXECUTE FUNCTION fail_prune()`;

let database: DialectDatabase;
let stores: OpenStores;
let listener: pg.Client;
let heard: string[];
let next: (() => void) | null;

beforeEach(async () => {
  database = await freshDialectDatabase("postgresql");
  const prisma = prismaFor(database);
  await insertTinyFixture(prisma);
  await prisma.$disconnect();
  stores = await openStores(targetOfUrl(database.url));
  listener = new pg.Client(postgresConfig(database.url));
  await listener.connect();
  heard = [];
  next = null;
  listener.on("notification", (message) => {
    if (message.channel === runsChannel) heard.push(message.payload!);
    next?.();
  });
  await listener.query(`LISTEN ${runsChannel}`);
});
afterEach(async () => {
  await listener?.end();
  await stores?.close();
  await database?.remove();
});

/** Resolves at the next notification on this connection. */
const notification = () => new Promise<void>((resolve) => (next = resolve));

test("a completed run is announced on kindred_runs with its name and id", async () => {
  const arrived = notification();
  const { runId } = await runRanking(stores, options);
  await arrived;
  expect(heard.map(parseRunCompleted)).toEqual([{ name: "user_ranking", id: runId }]);
});

test("a run whose transaction rolls back is never announced", async () => {
  await database.exec(failPrune);
  await expect(runRanking(stores, options)).rejects.toThrow("simulated failure after the notification");
  await database.exec("DROP TRIGGER fail_prune ON ranking_runs");
  // PostgreSQL delivers notifications in commit order: had the failed run's been sent, it would arrive first.
  const arrived = notification();
  const { runId } = await runRanking(stores, { ...options, name: "experiment" });
  await arrived;
  expect(heard.map(parseRunCompleted)).toEqual([{ name: "experiment", id: runId }]);
  expect(await stores.rankings.servedRun("user_ranking")).toBeNull();
});
