import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixtureServer, graphql, memoryLog, type TestServer } from "./client.js";

// The record* mutations against the real recorder (LiveRanking) on the API fixture (test/api/fixture.ts, K = 5).
// User 8 exists with no data; users 6 (security) and 7 (security, javascript) are the only ones following security.

const servedState = `query State($handle: ID!) {
  rankingRun { revision lastEventAt }
  user(handle: $handle) { interests { tag } assessments { tag score } }
  similarUsers(handle: $handle, limit: 5) { rank score user { handle } }
}`;

describe("the record* mutations", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await fixtureServer({ ranked: true, live: true }, { limits: { maxBatchEvents: 60 } });
  });
  afterAll(() => server?.stop());

  test("recordInterest stores the follow, updates the served run and answers with the event as stored and the new revision", async () => {
    const before = await graphql(server.url, servedState, { handle: "8" });
    expect(before.data!.rankingRun.revision).toBe(0);
    expect(before.data!.similarUsers).toEqual([]);

    const { status, data, errors } = await graphql(
      server.url,
      `mutation { recordInterest(handle: 8, tag: " security ", followedAt: "2026-12-01 09:30:00") {
        events { interest { handle tag followedAt } courseView { handle } assessment { handle } }
        duplicates revision lastEventAt runId changed } }`,
    );
    expect(errors).toBeUndefined();
    expect(status).toBe(200);
    const recorded = data!.recordInterest;
    expect(recorded.events).toEqual([
      { interest: { handle: 8, tag: "security", followedAt: "2026-12-01T09:30:00.000Z" }, courseView: null, assessment: null },
    ]);
    expect(recorded.duplicates).toBe(0);
    expect(recorded.revision).toBe(1);
    expect(recorded.lastEventAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    // 8 now shares security with 6 and 7, so all three lists changed.
    expect(recorded.changed).toEqual(expect.arrayContaining([6, 7, 8]));

    // Served at once: the run's revision (the served-run cache is read again after a batch) and 8's new list.
    const after = await graphql(server.url, servedState, { handle: "8" });
    expect(after.data!.rankingRun).toEqual({ revision: 1, lastEventAt: recorded.lastEventAt });
    expect(after.data!.user.interests).toEqual([{ tag: "security" }]);
    expect(after.data!.similarUsers.map((n: { user: { handle: string } }) => n.user.handle)).toEqual(["6", "7"]);
  });

  test("the same follow again is a duplicate: stored once, counted, and the run's revision still counts the event", async () => {
    const { data } = await graphql(server.url, `mutation { recordInterest(handle: 8, tag: "security", followedAt: "2026-12-01 09:30:00") { duplicates revision } }`);
    expect(data!.recordInterest.duplicates).toBe(1);
    const after = await graphql(server.url, servedState, { handle: "8" });
    expect(after.data!.user.interests).toEqual([{ tag: "security" }]);
  });

  test("recordCourseView and recordAssessment answer with their events as the seed stores them (an unknown course allowed)", async () => {
    const view = await graphql(
      server.url,
      `mutation { recordCourseView(handle: 8, courseId: "new-course", viewedOn: "2026-12-01", seconds: 120, authorHandle: 904, level: "beginner") {
        events { courseView { handle courseId viewedOn seconds authorHandle level } } } }`,
    );
    expect(view.errors).toBeUndefined();
    expect(view.data!.recordCourseView.events).toEqual([
      { courseView: { handle: 8, courseId: "new-course", viewedOn: "2026-12-01", seconds: 120, authorHandle: 904, level: "Beginner" } },
    ]);
    const assessment = await graphql(
      server.url,
      `mutation { recordAssessment(handle: 8, tag: "security", takenAt: "2026-12-01 10:00:00", score: 180) {
        events { assessment { handle tag takenAt score } } } }`,
    );
    expect(assessment.data!.recordAssessment.events).toEqual([
      { assessment: { handle: 8, tag: "security", takenAt: "2026-12-01T10:00:00.000Z", score: 180 } },
    ]);
  });

  test("a new handle becomes a new user", async () => {
    const { data } = await graphql(server.url, `mutation { recordInterest(handle: 11, tag: "css", followedAt: "2026-12-01") { changed } }`);
    expect(data!.recordInterest.changed).toEqual(expect.arrayContaining([10, 11]));
    const user = await graphql(server.url, `{ user(handle: "11") { handle interests { tag } } }`);
    expect(user.data!.user).toEqual({ handle: "11", interests: [{ tag: "css" }] });
  });
});

describe("refused events", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await fixtureServer({ ranked: true, live: true }, { limits: { maxBatchEvents: 60 } });
  });
  afterAll(() => server?.stop());

  test("a single event's bad field is BAD_USER_INPUT naming that argument, with the seed's reason, and nothing is stored", async () => {
    const before = await graphql(server.url, servedState, { handle: "1" });
    const { status, data, errors } = await graphql(server.url, `mutation { recordInterest(handle: 1, tag: "go", followedAt: "2026-13-01") { revision } }`);
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(errors).toEqual([
      {
        message: 'followedAt: not a calendar date (got "2026-13-01")',
        locations: [{ line: 1, column: 12 }],
        path: ["recordInterest"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "followedAt" },
      },
    ]);
    expect(await graphql(server.url, servedState, { handle: "1" })).toEqual(before);
  });

  test("a handle that is not positive is refused as the seed refuses it, naming handle", async () => {
    const { errors } = await graphql(server.url, `mutation { recordAssessment(handle: -3, tag: "go", takenAt: "2026-12-01", score: 10) { revision } }`);
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "handle" });
    expect(errors![0].message).toMatch(/^handle: /);
  });

  test("a batch of 50 whose 37th event is invalid changes nothing and says which event and field", async () => {
    const before = await graphql(server.url, servedState, { handle: "1" });
    const events = Array.from({ length: 50 }, (_, i) => ({
      interest: { handle: 1 + (i % 10), tag: `live-${i}`, followedAt: i === 36 ? "yesterday" : "2026-12-01 08:00:00" },
    }));
    const { data, errors } = await graphql(
      server.url,
      `mutation Batch($events: [ActivityEventInput!]!) { recordActivity(events: $events) { revision } }`,
      { events },
    );
    expect(data).toBeNull();
    expect(errors).toEqual([
      {
        message: 'event 36: followedAt: not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS) (got "yesterday")',
        locations: [{ line: 1, column: 51 }],
        path: ["recordActivity"],
        extensions: { code: "BAD_USER_INPUT", argumentName: "events", eventIndex: 36, field: "followedAt" },
      },
    ]);
    expect(await graphql(server.url, servedState, { handle: "1" })).toEqual(before);
    const tags = await graphql(server.url, `{ user(handle: "7") { interests { tag } } }`);
    expect(tags.data!.user.interests).toEqual([{ tag: "security" }, { tag: "javascript" }]);
  });

  test("the same batch, corrected, is stored whole, in order", async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ interest: { handle: 1 + (i % 10), tag: `live-${i}`, followedAt: "2026-12-01 08:00:00" } }));
    const { data, errors } = await graphql(
      server.url,
      `mutation Batch($events: [ActivityEventInput!]!) { recordActivity(events: $events) { events { interest { tag } } revision } }`,
      { events },
    );
    expect(errors).toBeUndefined();
    expect(data!.recordActivity.events.map((e: { interest: { tag: string } }) => e.interest.tag)).toEqual(events.map((e) => e.interest.tag));
    expect(data!.recordActivity.revision).toBe(50);
  });

  test.each([
    ["none", {}, "got none"],
    ["two kinds", { interest: { handle: 1, tag: "a", followedAt: "2026-12-01" }, assessment: { handle: 1, tag: "a", takenAt: "2026-12-01", score: 1 } }, "got interest and assessment"],
  ])("an entry giving %s is BAD_USER_INPUT with its index", async (_, entry, got) => {
    const ok = { interest: { handle: 1, tag: "fine", followedAt: "2026-12-01" } };
    const { errors } = await graphql(server.url, `mutation($e: [ActivityEventInput!]!) { recordActivity(events: $e) { revision } }`, { e: [ok, entry] });
    expect(errors![0].message).toBe(`event 1: give exactly one of interest, courseView and assessment, ${got}`);
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "events", eventIndex: 1 });
  });

  test("a batch larger than MAX_BATCH_EVENTS, or an empty one, is refused before any event is checked", async () => {
    const event = { interest: { handle: 1, tag: "x", followedAt: "not checked" } };
    for (const size of [61, 0]) {
      const { errors } = await graphql(server.url, `mutation($e: [ActivityEventInput!]!) { recordActivity(events: $e) { revision } }`, {
        e: Array(size).fill(event),
      });
      expect(errors![0].message).toBe(`events must hold 1 to 60 events (MAX_BATCH_EVENTS), got ${size}`);
      expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "events" });
    }
  });
});

describe("a server without an event recorder (PostgreSQL for now)", () => {
  test("answers a mutation LIVE_UPDATES_UNAVAILABLE, saying live updates need SQLite, and logs nothing", async () => {
    const log = memoryLog();
    const server = await fixtureServer({ ranked: true }, { log });
    try {
      const { errors } = await graphql(server.url, `mutation { recordInterest(handle: 1, tag: "go", followedAt: "2026-12-01") { revision } }`);
      expect(log.entries).toEqual([]);
      expect(errors).toEqual([
        expect.objectContaining({
          message:
            "Live updates (the record* mutations and similarUsersChanged) need the SQLite database for now: this server records no events",
          extensions: { code: "LIVE_UPDATES_UNAVAILABLE" },
        }),
      ]);
    } finally {
      await server.stop();
    }
  });
});
