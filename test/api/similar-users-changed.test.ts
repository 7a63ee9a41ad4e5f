import type { Client } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { EventRecorder } from "../../src/events/activity-event.js";
import { fixtureServer, graphql, type TestServer } from "./client.js";
import { countingListeners, subscribeTo, wsClient } from "./ws-client.js";

// similarUsersChanged over graphql-ws (a real WebSocket to the real server on the API fixture, test/api/fixture.ts,
// K = 5), fed by the real recorder. User 8 has no data; 3 (python, data) and 4 (python, machine-learning) are the
// data camp, far from security.

const changes = `subscription Changes($handle: Int!, $limit: Int = 5) {
  similarUsersChanged(handle: $handle, limit: $limit) { handle revision similarUsers { rank score user { handle } } }
}`;
const served = `query Served($handle: ID!) { similarUsers(handle: $handle, limit: 5) { rank score user { handle } } }`;

const follow = (server: TestServer, handle: number, tag: string) =>
  graphql(server.url, `mutation { recordInterest(handle: ${handle}, tag: "${tag}", followedAt: "2026-12-01 12:00:00") { revision changed } }`);

describe("similarUsersChanged", () => {
  let server: TestServer;
  let counted: { recorder: EventRecorder; listeners(): number };
  const clients: Client[] = [];
  const client = () => {
    const c = wsClient(server.url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await fixtureServer({ ranked: true, live: (recorder) => (counted = countingListeners(recorder)).recorder });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  afterAll(() => server?.stop());

  /** The server's own listener (it reads the served run again after a change) plus `subscriptions`. */
  const listening = (subscriptions: number) => expect.poll(() => counted.listeners()).toBe(1 + subscriptions);

  test("a client hears of its handle's change, with the list as served after the commit, and nothing of others'", async () => {
    const eight = subscribeTo(client(), changes, { handle: 8 });
    const three = subscribeTo(client(), changes, { handle: 3 });
    await listening(2);

    const first = await follow(server, 8, "security");
    expect(first.data!.recordInterest.changed).toContain(8);
    expect(first.data!.recordInterest.changed).not.toContain(3);
    await expect.poll(() => eight.results.length).toBe(1);
    const list = (await graphql(server.url, served, { handle: "8" })).data!.similarUsers;
    expect(list.map((n: { user: { handle: string } }) => n.user.handle)).toEqual(["6", "7"]);
    expect(eight.results[0]).toEqual({ data: { similarUsersChanged: { handle: 8, revision: first.data!.recordInterest.revision, similarUsers: list } } });

    // 3 gains machine-learning, 4's tag: 3's list changes, 8's does not. 3's client gets this change only, so it
    // heard nothing of the first.
    const second = await follow(server, 3, "machine-learning");
    expect(second.data!.recordInterest.changed).toContain(3);
    expect(second.data!.recordInterest.changed).not.toContain(8);
    await expect.poll(() => three.results.length).toBe(1);
    expect(three.results[0].data!.similarUsersChanged).toEqual({
      handle: 3,
      revision: second.data!.recordInterest.revision,
      similarUsers: (await graphql(server.url, served, { handle: "3" })).data!.similarUsers,
    });
    expect(eight.results).toHaveLength(1);
    expect([eight.error, three.error, eight.completed, three.completed]).toEqual([undefined, undefined, false, false]);
  });

  test("each event is read afresh: a user's new tag shows in the next event's shared tags", async () => {
    // graphql-js runs every event of a subscription with one context; its DataLoaders would keep serving the first
    // event's profiles. Here the second event must show 6's new tag.
    const query = `subscription($h: Int!) { similarUsersChanged(handle: $h) { similarUsers { user { handle } sharedTags(source: interests) { tags { tag } } } } }`;
    type Change = { similarUsers: { user: { handle: string }; sharedTags: { tags: { tag: string }[] }[] }[] };
    const six = subscribeTo(client(), query, { h: 6 });
    const sharedWithEight = (i: number) =>
      (six.results[i].data!.similarUsersChanged as Change).similarUsers.find((n) => n.user.handle === "8")!.sharedTags[0].tags;
    await listening(1);
    await follow(server, 8, "web"); // 8 (security, and now web) moves away from 6 (security): 6's list changes
    await expect.poll(() => six.results.length).toBe(1);
    expect(sharedWithEight(0)).toEqual([{ tag: "security" }]);
    await follow(server, 6, "web");
    await expect.poll(() => six.results.length).toBe(2);
    expect(sharedWithEight(1)).toEqual([{ tag: "security" }, { tag: "web" }]);
  });

  test("completing a subscription, or closing the socket, stops listening to the recorder", async () => {
    const first = client();
    const one = subscribeTo(first, changes, { handle: 1 });
    subscribeTo(first, changes, { handle: 2 });
    const second = client();
    subscribeTo(second, changes, { handle: 5 });
    await listening(3);
    one.unsubscribe();
    await listening(2);
    await first.dispose();
    await listening(1);
    await second.dispose();
    await listening(0);
  });

  test("arguments are checked as similarUsers checks them", async () => {
    const tooMany = subscribeTo(client(), changes, { handle: 1, limit: 6 });
    const negative = subscribeTo(client(), changes, { handle: -1 });
    await expect.poll(() => tooMany.completed && negative.completed).toBe(true);
    expect(tooMany.results).toEqual([
      {
        errors: [
          {
            message: "limit must be between 1 and 5 (the run's top K), got 6",
            locations: [{ line: 2, column: 3 }],
            path: ["similarUsersChanged"],
            extensions: { code: "BAD_USER_INPUT", argumentName: "limit" },
          },
        ],
      },
    ]);
    expect(negative.results[0].errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "handle" });
    await listening(0);
  });
});

describe("limits on WebSocket operations", () => {
  let server: TestServer;
  const clients: Client[] = [];
  beforeAll(async () => {
    server = await fixtureServer({ ranked: true, live: true }, { limits: { maxQueryDepth: 4, maxQueryCost: 20 } });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
  });
  const refused = async (query: string) => {
    const client = wsClient(server.url);
    clients.push(client);
    const subscribed = subscribeTo(client, query);
    await expect.poll(() => subscribed.error).toBeDefined();
    return subscribed.error;
  };

  test("a subscription deeper than MAX_QUERY_DEPTH fails validation", async () => {
    expect(await refused(`subscription Deep { similarUsersChanged(handle: 1) { similarUsers { user { similarUsers { rank } } } } }`)).toEqual([
      {
        message: 'Operation "Deep" is 5 fields deep; the maximum is 4 (MAX_QUERY_DEPTH)',
        locations: [{ line: 1, column: 1 }],
        extensions: { code: "GRAPHQL_VALIDATION_FAILED", maxQueryDepth: 4, depth: 5 },
      },
    ]);
  });

  test("a subscription whose events would cost more than MAX_QUERY_COST is refused before it starts", async () => {
    // 1 + limit × (similarUsers 1 + sharedTags (1 + 3 sources × source 1)) = 1 + 5 × 5.
    const query = `subscription { similarUsersChanged(handle: 1, limit: 5) { similarUsers { sharedTags { source } } } }`;
    expect(await refused(query)).toEqual([
      {
        message: "The operation's estimated cost is 26; the maximum is 20 (MAX_QUERY_COST): ask for smaller lists or fewer fields",
        extensions: { code: "QUERY_TOO_COMPLEX", cost: 26, maxQueryCost: 20 },
      },
    ]);
  });

  test("a document that does not parse is GRAPHQL_PARSE_FAILED", async () => {
    expect(await refused(`subscription {`)).toEqual([expect.objectContaining({ extensions: { code: "GRAPHQL_PARSE_FAILED" } })]);
  });
});

describe("the WebSocket endpoint when the server stops, or has no recorder", () => {
  test("close() completes open subscriptions, closes their sockets and leaves no listener on the recorder", async () => {
    let counted!: { recorder: EventRecorder; listeners(): number };
    const server = await fixtureServer({ ranked: true, live: (recorder) => (counted = countingListeners(recorder)).recorder });
    const client = wsClient(server.url);
    let closed: number | null = null;
    client.on("closed", (event) => void (closed = (event as { code: number }).code));
    try {
      subscribeTo(client, changes, { handle: 1 });
      await expect.poll(() => counted.listeners()).toBe(2);
      await server.stop();
      expect(counted.listeners()).toBe(0);
      await expect.poll(() => closed).toBe(1001);
    } finally {
      await client.dispose();
    }
  });

  test("without a recorder a subscription answers LIVE_UPDATES_UNAVAILABLE", async () => {
    const server = await fixtureServer({ ranked: true });
    const client = wsClient(server.url);
    try {
      const subscribed = subscribeTo(client, changes, { handle: 1 });
      await expect.poll(() => subscribed.completed).toBe(true);
      expect(subscribed.results[0].errors![0].extensions as unknown).toEqual({ code: "LIVE_UPDATES_UNAVAILABLE" });
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});

describe("who may open the WebSocket", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await fixtureServer({ ranked: true, live: true });
  });
  afterAll(() => server?.stop());

  /** The handshake's HTTP status (101 when the socket opened), sent with `origin` (none when undefined). */
  const handshake = (origin: string | undefined) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws", origin ? { origin } : {});
      socket.once("open", () => {
        socket.close();
        resolve(101);
      });
      socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.once("error", reject);
    });

  test("a page of another site may not (cross-site WebSocket hijacking): 401", async () => {
    expect(await handshake("http://evil.example")).toBe(401);
  });

  test("a page of this server and a client that is no page (no Origin) may", async () => {
    expect(await handshake(server.url)).toBe(101);
    expect(await handshake(undefined)).toBe(101);
  });

  test("another path is no WebSocket endpoint: 400", async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/other`, "graphql-transport-ws");
      socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.once("open", () => resolve(101));
      socket.once("error", () => resolve(-1));
    });
    expect(status).toBe(400);
  });
});
