// Two `npm run rank:worker` processes and a coordinator rank 3,000 synthetic users: the stored run is the one a
// single-process `npm run rank` stores, byte for byte through `npm run export`, and both workers ranked blocks.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestDatabase } from "../support/database.js";
import {
  blocksRanked, completedRunId, exportRun, firstDifference, killStarted, queueNameFor, rankingRuns, rankSingle,
  removeQueueKeys, run, seededDatabase, sharedRedis, startWorker,
} from "./queue-bed.js";

const queueName = queueNameFor(import.meta.filename);
let database: TestDatabase;

beforeAll(async () => {
  database = await seededDatabase(3000);
});
afterAll(async () => {
  await killStarted();
  await removeQueueKeys(sharedRedis, queueName);
  database?.remove();
});

describe("a queued run on two workers", () => {
  test("stores what a single-process run stores; both workers ranked blocks and stop on SIGTERM", async () => {
    const [single, ...workers] = await Promise.all([
      rankSingle(database, "--results-table", "single"),
      startWorker(sharedRedis, queueName),
      startWorker(sharedRedis, queueName),
    ]);
    expect(single.status).toBe(0);

    // The coordinator finds the queue through REDIS_URL, as a worker could.
    const env = { DATABASE_URL: database.url, REDIS_URL: sharedRedis };
    const queued = await run("rank", ["--queue-name", queueName, "--blocks", "24"], env);
    expect(queued.stderr).toBe("");
    expect(queued.status).toBe(0);
    const runId = completedRunId(queued.stdout);
    expect(queued.stdout).toContain(`Ranking run ${runId} "user_ranking" complete (queued: 24 blocks on 2 workers)\n`);
    expect(queued.stdout).toContain("  users ranked       3000\n");
    expect(queued.stdout).toContain(`  workers            ${workers.map((w) => w.name).sort().join(", ")}\n`);

    // Each worker ranked some blocks, and every block was ranked.
    const ranked = workers.map(blocksRanked);
    for (const blocks of ranked) expect(blocks.length).toBeGreaterThan(0);
    expect(new Set(ranked.flat())).toEqual(new Set(Array.from({ length: 24 }, (_, b) => `${runId} ${b + 1}/24`)));
    const blockLine = new RegExp(`^run ${runId} block \\d+/24: (taken|users \\d+\\.\\.\\d+ in \\d+ ms)$`);
    for (const worker of workers) for (const line of worker.lines().slice(1)) expect(line).toMatch(blockLine);

    // Both still waiting for blocks, and SIGTERM stops them cleanly.
    for (const worker of workers) worker.child.kill("SIGTERM");
    for (const worker of workers) expect(await worker.exited).toEqual({ status: 0, signal: null });

    const [singleExport, queuedExport] = await Promise.all([exportRun(database, "single"), exportRun(database)]);
    expect(queuedExport.runId).toBe(runId);
    expect(queuedExport.csv.split("\n")).toHaveLength(3000 * 20 + 2); // the header, 20 neighbours each, a last newline
    expect(firstDifference(queuedExport.csv, singleExport.csv)).toBeNull();
    expect(rankingRuns(database).map((r) => [r.name, r.status])).toEqual([
      ["single", "complete"],
      ["user_ranking", "complete"],
    ]);
  });
});
