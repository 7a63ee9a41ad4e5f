import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot, targetOfUrl } from "../../src/database-url.js";
import { type OpenStores, openStores } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { loadProfileArrays } from "../../src/profiles/load-profiles.js";
import { engineInput } from "../../src/rankings/engine-input.js";
import { defaultWeights } from "../../src/rankings/run-parameters.js";
import { type RankingOptions, runRanking } from "../../src/rankings/run-ranking.js";
import { exactAccumulations } from "../../src/similarity/exact-work.js";
import { startServer } from "../../src/api/start-server.js";
import { generateSyntheticData } from "../../src/synth/generate.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

// 600 synthetic users: enough that NN-Descent made to keep almost nothing misses neighbours, few enough to rank in
// well under a second.
let database: TestDatabase;
let dir: string;
let stores: OpenStores;
let predicted: number;
const options: RankingOptions = { name: "user_ranking", keep: 10, top: 20, weights: defaultWeights, idf: false, workers: 2 };

beforeAll(async () => {
  database = freshDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), "kindred-methods-"));
  generateSyntheticData({ users: 600, out: dir, seed: 3 });
  await seedDatabase({ dir, url: database.url });
  stores = await openStores(targetOfUrl(database.url));
  predicted = exactAccumulations(engineInput(await loadProfileArrays(stores.profiles, { idf: false }), defaultWeights));
});
afterAll(async () => {
  await stores?.close();
  database?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe("choosing the method", () => {
  it("auto ranks exactly below the switch point and approximately above it, and the run says which", async () => {
    const exact = await runRanking(stores, options);
    expect(exact).toMatchObject({ method: "exact", predicted, recall: null });
    const stored = await stores.rankings.servedRun("user_ranking");
    expect(stored!.parameters.method).toBe("exact");
    expect(stored!.parameters.approximate).toBeUndefined();
    expect(stored!.recall).toBeNull();

    const approximate = await runRanking(stores, { ...options, exactUpTo: predicted - 1 });
    expect(approximate.method).toBe("approximate");
    const served = await stores.rankings.servedRun("user_ranking");
    expect(served!.id).toBe(approximate.runId);
    expect(served!.parameters.method).toBe("approximate");
    expect(served!.parameters.approximate).toMatchObject({ neighbours: 30, iterations: 12, seed: 1, start: "random" });
    expect(served!.recall).toEqual(approximate.recall);
    expect(served!.recall!.sample).toBe(600);
  });

  it("an approximate run that drops neighbours on purpose measures, stores and prints a recall below 1", async () => {
    // One iteration over two candidates from a random start cannot find most neighbours.
    const crippled = { neighbours: 20, maxCandidates: 2, iterations: 1 };
    const summary = await runRanking(stores, { ...options, method: "approximate", approximate: crippled, recallSample: 200 });
    expect(summary.recall!.at5).toBeLessThan(0.9);
    expect(summary.recall!.at20).toBeLessThan(0.9);
    expect(summary.recall!.sample).toBe(200);
    const served = await stores.rankings.servedRun("user_ranking");
    expect(served!.recall).toEqual(summary.recall);
    expect(served!.parameters.approximate).toMatchObject(crippled);

    const server = await startServer({ url: database.url, port: 0, host: "127.0.0.1", servedRunRefreshMs: 0 });
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ rankingRun { id method recall { at5 at20 sample } } }" }),
      });
      expect(await response.json()).toEqual({ data: { rankingRun: { id: summary.runId, method: "approximate", recall: summary.recall } } });
    } finally {
      await server.close();
    }

    const similar = execFileSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "src/similar.ts"), "1"], {
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    });
    expect(similar).toContain(`approximate, recall@5 ${summary.recall!.at5.toFixed(3)}, recall@20 ${summary.recall!.at20.toFixed(3)} over 200 users`);
  });

  it("npm run rank -- --method approximate prints the recall it stored", async () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "src/rank.ts"), "--method", "approximate", "--recall-sample", "50"], {
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    });
    const served = await stores.rankings.servedRun("user_ranking");
    expect(out).toContain("  method             approximate\n");
    expect(out).toContain(`  recall             @5 ${served!.recall!.at5.toFixed(3)}, @20 ${served!.recall!.at20.toFixed(3)} over 50 users\n`);
    expect(served!.recall!.sample).toBe(50);
    expect(out).toMatch(/\n {2}engine memory {6}sets \d+\.\d\d GiB, candidates \d+\.\d\d GiB, graph \d+\.\d\d GiB \(each at most 4 GiB\)\n/);
  });

  it("the same seed gives the same approximate lists whatever the workers; --recall-sample 0 measures none", async () => {
    const one = await runRanking(stores, { ...options, method: "approximate", workers: 1, recallSample: 0 });
    const two = await runRanking(stores, { ...options, method: "approximate", workers: 2, recallSample: 0 });
    expect(one.recall).toBeNull();
    const rows = async (runId: number) => {
      const all = [];
      for await (const row of stores.rankings.allNeighbours(runId)) all.push(row);
      return all;
    };
    expect(await rows(two.runId)).toEqual(await rows(one.runId));
  });
});
