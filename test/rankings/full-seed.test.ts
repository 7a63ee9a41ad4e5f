import { spawn } from "node:child_process";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { createPrisma, openSqlite, sqliteStores } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { loadProfiles, type UserProfile } from "../../src/profiles/load-profiles.js";
import { sources } from "../../src/profiles/source.js";
import { defaultWeights } from "../../src/rankings/run-parameters.js";
import { runRanking } from "../../src/rankings/run-ranking.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

// The reference, straight from the definition (README, "Similarity"): per source, Σ min / Σ max over the union of
// tags, defined when either user has a tag there; the score averages the defined sources with weight 1 each.
function reference(a: UserProfile, b: UserProfile): { score: number; perSource: (number | null)[] } {
  const perSource = sources.map((source) => {
    if (a[source].length === 0 && b[source].length === 0) return null;
    const wa = new Map(a[source].map((t) => [t.tag, t.weight]));
    const wb = new Map(b[source].map((t) => [t.tag, t.weight]));
    let min = 0;
    let max = 0;
    for (const tag of new Set([...wa.keys(), ...wb.keys()])) {
      min += Math.min(wa.get(tag) ?? 0, wb.get(tag) ?? 0);
      max += Math.max(wa.get(tag) ?? 0, wb.get(tag) ?? 0);
    }
    return min / max;
  });
  const defined = perSource.filter((j): j is number => j !== null);
  return { score: defined.reduce((s, j) => s + j, 0) / defined.length, perSource };
}

describe("a ranking run over the full seed", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let db: Database.Database;
  let runId: number;

  beforeAll(async () => {
    database = freshDatabase();
    await seedDatabase({ dir: path.join(projectRoot, "seeds"), url: database.url });
    prisma = createPrisma(database.url);
    db = openSqlite(database.url);
    runId = (await runRanking(sqliteStores(db), { name: "user_ranking", keep: 5, top: 20, weights: defaultWeights, idf: false, workers: 2 }))
      .runId;
  }, 180_000);
  afterAll(async () => {
    db.close();
    await prisma.$disconnect();
    database.remove();
  });

  it("stores, for real users, the top 20 the brute-force reference finds, scores within 1e-9", async () => {
    const everyone = await loadProfiles(sqliteStores(db).profiles, {
      handles: (await prisma.user.findMany({ select: { handle: true } })).map((u) => u.handle),
      idf: false,
    });
    const checked = [110, 1, 7487, 9999];
    const stored = await sqliteStores(db).rankings.neighbours(runId, checked, 20);
    for (const handle of checked) {
      const mine = everyone.get(handle)!;
      const expected = [...everyone]
        .filter(([other]) => other !== handle)
        .map(([other, profile]) => ({ other, ...reference(mine, profile) }))
        .filter((c) => c.score > 0)
        .sort((x, y) => y.score - x.score || x.other - y.other)
        .slice(0, 20);
      const got = stored.get(handle)!;
      expect(got.map((n) => n.neighbourHandle)).toEqual(expected.map((c) => c.other));
      got.forEach((n, r) => {
        expect(Math.abs(n.score - expected[r].score)).toBeLessThan(1e-9);
        [n.interests, n.courses, n.assessments].forEach((j, s) => {
          const want = expected[r].perSource[s];
          if (want === null) expect(j).toBeNull();
          else expect(Math.abs(j! - want)).toBeLessThan(1e-9);
        });
      });
    }
  }, 60_000);

  it("a rank process killed midway leaves the previous run served, and the next run marks it failed", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "src", "rank.ts")], {
      env: { ...process.env, DATABASE_URL: database.url },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    // Kill as soon as the new run exists: its profiles load, compute and write take seconds after that.
    const running = db.prepare(`SELECT id FROM ranking_runs WHERE status = 'running'`);
    let killed: { id: number } | undefined;
    for (let i = 0; i < 3000 && !killed; i++) {
      killed = running.get() as { id: number } | undefined;
      if (!killed) await new Promise((r) => setTimeout(r, 5));
    }
    expect(killed).toBeDefined();
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    expect((await sqliteStores(db).rankings.servedRun("user_ranking"))!.id).toBe(runId);
    expect(await prisma.neighbour.count({ where: { runId: killed!.id } })).toBe(0);
    const next = await runRanking(sqliteStores(db), { name: "user_ranking", keep: 5, top: 20, weights: defaultWeights, idf: false, workers: 2 });
    const stale = await prisma.rankingRun.findUniqueOrThrow({ where: { id: killed!.id } });
    expect(stale.status).toBe("failed");
    expect(stale.error).toMatch(/^interrupted/);
    expect((await sqliteStores(db).rankings.servedRun("user_ranking"))!.id).toBe(next.runId);
  }, 120_000);
});
