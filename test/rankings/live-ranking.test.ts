// Live updates against a full exact re-rank: after every batch of random events (follows, views, assessments, course
// tags, new users, users whose only data is one event), the served run's rows equal, score for score and bit for
// bit, those of a full run of the same data stored under another name. Real SQLite files, the real engine.
import { afterEach, describe, expect, test } from "vitest";
import { openStores, type OpenStores } from "../../src/db.js";
import { targetOfUrl } from "../../src/database-url.js";
import type { ActivityEvent, ListsChange } from "../../src/events/activity-event.js";
import { EventError } from "../../src/events/activity-event.js";
import { LocalLiveEngine } from "../../src/rankings/live-engine.js";
import { ThreadLiveEngine } from "../../src/rankings/thread-live-engine.js";
import { rankUsers } from "../../src/similarity/rank-users.js";
import { LiveRanking } from "../../src/rankings/live-ranking.js";
import type { NeighbourRow } from "../../src/rankings/ranking-store.js";
import { runRanking } from "../../src/rankings/run-ranking.js";
import { mulberry32 } from "../bench/stats.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";

const levels = ["Beginner", "Intermediate", "Advanced"] as const;
const weights = { interests: 1, courses: 1, assessments: 1 };

/** Random events over `users` handles, small tag pools (so pairs share tags) and six courses of fixed levels. */
function randomEvents(random: () => number, count: number, users: number): ActivityEvent[] {
  const pick = (n: number) => Math.floor(random() * n);
  const day = () => `2020-0${1 + pick(9)}-1${pick(10)}T0${pick(10)}:00:00.000+00:00`;
  return Array.from({ length: count }, (): ActivityEvent => {
    const handle = 1 + pick(users);
    const r = random();
    if (r < 0.4) return { kind: "interest", handle, tag: `t${pick(8)}`, followedAt: day() };
    if (r < 0.7) {
      const course = pick(6);
      return { kind: "courseView", handle, courseId: `c${course}`, viewedOn: day(), seconds: pick(4) * 600, authorHandle: 900 + course, level: levels[course % 3] };
    }
    if (r < 0.93) return { kind: "assessment", handle, tag: `a${pick(4)}`, takenAt: day(), score: pick(5) * 25 };
    return { kind: "courseTag", courseId: `c${pick(6)}`, tag: `t${pick(10)}` };
  });
}

async function rows(stores: OpenStores, name: string): Promise<NeighbourRow[]> {
  const run = await stores.rankings.servedRun(name);
  const out: NeighbourRow[] = [];
  for await (const row of stores.rankings.allNeighbours(run!.id)) out.push(row);
  return out;
}

async function fullRun(stores: OpenStores, name: string, workers: number, top: number) {
  return runRanking(stores, { name, keep: 2, top, weights, idf: false, workers, method: "exact" });
}

let database: TestDatabase | undefined;
let stores: OpenStores | undefined;
afterEach(async () => {
  await stores?.close();
  database?.remove();
});

describe("a served run after events equals a full exact run of the same data", () => {
  for (const [workers, where] of [[1, "this thread"], [2, "a thread of its own"]] as const) {
    test(`random batches, the first run ranked with ${workers} worker${workers === 1 ? "" : "s"}, the engine on ${where}`, async () => {
      database = freshDatabase();
      stores = await openStores(targetOfUrl(database.url));
      const live = new LiveRanking(stores.live!, "user_ranking", where === "this thread" ? new LocalLiveEngine(async (input, k) => rankUsers(input, k)) : await ThreadLiveEngine.start());
      const random = mulberry32(17 + workers);
      const initial = await live.recordChecked([
        ...Array.from({ length: 6 }, (_, c): ActivityEvent => ({ kind: "courseTag", courseId: `c${c}`, tag: `t${c}` })),
        ...randomEvents(random, 60, 20),
      ]);
      expect(initial.run).toBeNull(); // stored, with no run to absorb them
      await fullRun(stores, "user_ranking", workers, 4);
      let comparedRows = 0;
      for (let batch = 0; batch < 12; batch++) {
        // Handles up to 30: users 21..30 arrive with these batches, some with one event only.
        const recorded = await live.recordChecked(randomEvents(random, 1 + Math.floor(random() * 6), 30));
        expect(recorded.run).not.toBeNull();
        await fullRun(stores, "reference", 1, 4);
        const served = await rows(stores, "user_ranking");
        expect(served).toEqual(await rows(stores, "reference"));
        comparedRows += served.length;
        // The run's counts follow its rows: the slots written and deleted add up.
        const [live_, reference] = [await stores.rankings.servedRun("user_ranking"), await stores.rankings.servedRun("reference")];
        expect([live_!.userCount, live_!.rowCount]).toEqual([reference!.userCount, served.length]);
      }
      const run = (await stores.rankings.servedRun("user_ranking"))!;
      expect(run.events.revision).toBeGreaterThan(12);
      expect(run.events.through).toBe(await stores.live!.events.lastEvent());
      expect(comparedRows).toBeGreaterThan(12 * 40);
      await live.close();
    }, 60_000);
  }

  test("two processes' recorders taking turns, and a new full run between: each sees the other's rows", async () => {
    database = freshDatabase();
    stores = await openStores(targetOfUrl(database.url));
    const other = await openStores(targetOfUrl(database.url));
    try {
      const recorders = [new LiveRanking(stores.live!, "user_ranking"), new LiveRanking(other.live!, "user_ranking")];
      const random = mulberry32(23);
      await recorders[0].recordChecked(randomEvents(random, 60, 20));
      await fullRun(stores, "user_ranking", 1, 4);
      for (let batch = 0; batch < 10; batch++) {
        if (batch === 5) await fullRun(other, "user_ranking", 2, 4); // a new served run under both
        await recorders[batch % 2].recordChecked(randomEvents(random, 1 + Math.floor(random() * 5), 28));
        await fullRun(stores, "reference", 1, 4);
        expect(await rows(stores, "user_ranking")).toEqual(await rows(stores, "reference"));
      }
    } finally {
      await other.close();
    }
  }, 60_000);

  test("another process's batch reaches this recorder's listeners: the lists that changed, once it reloads", async () => {
    database = freshDatabase();
    stores = await openStores(targetOfUrl(database.url));
    const other = await openStores(targetOfUrl(database.url));
    const here = new LiveRanking(stores.live!, "user_ranking");
    const there = new LiveRanking(other.live!, "user_ranking");
    try {
      const random = mulberry32(41);
      await here.recordChecked(randomEvents(random, 60, 20));
      await fullRun(stores, "user_ranking", 1, 4);
      await here.warm();
      const heard: ListsChange[] = [];
      here.onChange((change) => heard.push(change));
      const batch = await there.recordChecked(randomEvents(random, 4, 24));
      expect(batch.changed.length).toBeGreaterThan(0);
      const errors: unknown[] = [];
      const stop = here.follow(10, (error) => errors.push(error));
      await expect.poll(() => heard.length + errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
      stop();
      expect(errors).toEqual([]);
      expect(heard).toEqual([{ runId: batch.run!.id, revision: batch.run!.revision, handles: batch.changed }]);
    } finally {
      await other.close();
    }
  }, 30_000);

  test("batches sent together commit as a group: each answered, the refused one alone left out", async () => {
    database = freshDatabase();
    stores = await openStores(targetOfUrl(database.url));
    const live = new LiveRanking(stores.live!, "user_ranking");
    const random = mulberry32(31);
    const view = (handle: number, level: "Beginner" | "Advanced"): ActivityEvent =>
      ({ kind: "courseView", handle, courseId: "c0", viewedOn: "2020-03-01T00:00:00.000+00:00", seconds: 600, authorHandle: 900, level });
    await live.recordChecked([view(1, "Beginner"), ...randomEvents(random, 50, 15)]);
    await fullRun(stores, "user_ranking", 1, 4);
    const batches = Array.from({ length: 8 }, () => randomEvents(random, 3, 22));
    batches[5] = [...batches[5], view(2, "Advanced")]; // refused where it is stored: c0 is a Beginner course
    const outcomes = await Promise.allSettled(batches.map((events) => live.recordChecked(events)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(((outcomes[5] as PromiseRejectedResult).reason as EventError).problem).toMatchObject({ index: 3, field: "level" });
    // The first commits alone; the seven sent meanwhile wait and commit together, at one revision.
    const revisions = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.run!.revision] : []));
    expect(new Set(revisions.slice(1)).size).toBe(1);
    const stored = batches.filter((_, i) => i !== 5).flat();
    const duplicates = outcomes.reduce((sum, o) => sum + (o.status === "fulfilled" ? o.value.duplicates : 0), 0);
    expect((await stores.rankings.servedRun("user_ranking"))!.events.revision).toBe(stored.length - duplicates);
    await fullRun(stores, "reference", 1, 4);
    expect(await rows(stores, "user_ranking")).toEqual(await rows(stores, "reference"));
  }, 30_000);

  test("a refused batch changes nothing: no rows, no revision, no event", async () => {
    database = freshDatabase();
    stores = await openStores(targetOfUrl(database.url));
    const live = new LiveRanking(stores.live!, "user_ranking");
    const random = mulberry32(5);
    await live.recordChecked([{ kind: "courseView", handle: 1, courseId: "c0", viewedOn: "2020-01-01T00:00:00.000+00:00", seconds: 600, authorHandle: 900, level: "Beginner" }, ...randomEvents(random, 40, 10)]);
    await fullRun(stores, "user_ranking", 1, 4);
    const before = await rows(stores, "user_ranking");
    const run = await stores.rankings.servedRun("user_ranking");
    const batch = randomEvents(random, 50, 12);
    // The 37th event is a view of c0 at another level than its stored one: refused where it is stored.
    batch[36] = { kind: "courseView", handle: 3, courseId: "c0", viewedOn: "2020-02-01T00:00:00.000+00:00", seconds: 60, authorHandle: 900, level: "Advanced" };
    const error = await live.recordChecked(batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventError);
    expect((error as EventError).message).toBe('event 36: level: differs from an earlier view of the course (course "c0" has Beginner, got "Advanced")');
    expect(await rows(stores, "user_ranking")).toEqual(before);
    expect(await stores.rankings.servedRun("user_ranking")).toEqual(run);
    expect(await stores.live!.events.lastEvent()).toBe(run!.events.through);
  }, 30_000);

  test("events committed while a full run computes are in it when it is served", async () => {
    database = freshDatabase();
    stores = await openStores(targetOfUrl(database.url));
    const random = mulberry32(9);
    const live = new LiveRanking(stores.live!, "user_ranking");
    await live.recordChecked(randomEvents(random, 80, 25));
    await fullRun(stores, "user_ranking", 1, 4);
    // A second connection records events while the run on the first one computes (its progress callback is the
    // moment between the load and the commit).
    const other = await openStores(targetOfUrl(database.url));
    const writer = new LiveRanking(other.live!, "user_ranking");
    const during: ActivityEvent[] = [];
    let pending: Promise<unknown> = Promise.resolve();
    try {
      await runRanking(stores, {
        name: "user_ranking", keep: 3, top: 4, weights, idf: false, workers: 1, method: "exact",
        onProgress: (phase) => {
          if (phase !== "compute") return;
          const events = randomEvents(random, 3, 35);
          during.push(...events);
          pending = pending.then(() => writer.recordChecked(events));
        },
      });
      await pending;
    } finally {
      await other.close();
    }
    expect(during.length).toBeGreaterThan(0);
    const served = (await stores.rankings.servedRun("user_ranking"))!;
    expect(served.events.through).toBe(await stores.live!.events.lastEvent());
    await fullRun(stores, "reference", 1, 4);
    expect(await rows(stores, "user_ranking")).toEqual(await rows(stores, "reference"));
  }, 60_000);
});
