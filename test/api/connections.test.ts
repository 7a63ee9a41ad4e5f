import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixtureServer, type GraphQLResponse, graphql, type TestServer } from "./client.js";

let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true });
});
afterAll(() => server.stop());

describe("users", () => {
  const page = `query ($first: Int!, $after: String) {
    users(first: $first, after: $after) { edges { cursor node { handle } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

  test("pages through every user by ascending handle, each page starting after the previous endCursor", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    const flags: [boolean, boolean][] = [];
    for (;;) {
      const response: GraphQLResponse = await graphql(server.url, page, { first: 4, after });
      const { edges, pageInfo } = response.data!.users;
      seen.push(...edges.map((e: { node: { handle: string } }) => e.node.handle));
      expect(pageInfo.startCursor).toBe(edges[0].cursor);
      expect(pageInfo.endCursor).toBe(edges.at(-1).cursor);
      flags.push([pageInfo.hasPreviousPage, pageInfo.hasNextPage]);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(flags).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
  });

  test("a cursor that is not one of this connection's gives BAD_USER_INPUT naming after", async () => {
    const { errors } = await graphql(server.url, page, { first: 2, after: "bm90LWEtY3Vyc29y" });
    expect(errors![0].message).toBe('after: "bm90LWEtY3Vyc29y" is not a cursor of this connection');
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "after" });
  });
});

describe("User", () => {
  test("courseViews pages by day with each view's author and its course's authors, level and tags", async () => {
    const query = `query ($after: String) { user(handle: "3") { courseViews(first: 1, after: $after) {
      edges { cursor node { viewedOn courseId author courseAuthors level seconds tags } } pageInfo { hasNextPage endCursor } } } }`;
    const first = await graphql(server.url, query);
    const views1 = first.data!.user.courseViews;
    expect(views1.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        viewedOn: "2017-07-02",
        courseId: "py-data",
        author: 901,
        courseAuthors: [901],
        level: "Intermediate",
        seconds: 3000,
        tags: ["data", "python"],
      },
    ]);
    expect(views1.pageInfo.hasNextPage).toBe(true);
    const second = await graphql(server.url, query, { after: views1.pageInfo.endCursor });
    expect(second.data!.user.courseViews).toEqual({
      edges: [
        {
          cursor: expect.any(String),
          // ml-intro has two authors; this view names 901 (user 4's names 903).
          node: {
            viewedOn: "2017-07-03",
            courseId: "ml-intro",
            author: 901,
            courseAuthors: [901, 903],
            level: "Advanced",
            seconds: 600,
            tags: ["machine-learning", "python"],
          },
        },
      ],
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
  });

  test("interests and assessments come oldest first with their times", async () => {
    const { data } = await graphql(server.url, `{ user(handle: "1") { handle interests { tag followedAt } assessments { tag takenAt score } } }`);
    expect(data!.user).toEqual({
      handle: "1",
      interests: [
        { tag: "javascript", followedAt: "2017-06-27T16:26:52.000Z" },
        { tag: "react", followedAt: "2017-06-27T16:26:52.000Z" },
        { tag: "web", followedAt: "2017-06-28T09:00:00.000Z" },
      ],
      assessments: [{ tag: "javascript", takenAt: "2017-06-29T08:00:00.000Z", score: 150 }],
    });
  });

  test("tags(source) is the weighted set the engine used, heaviest first", async () => {
    const { data } = await graphql(server.url, `{ user(handle: "3") { courses: tags(source: courses) { tag weight } } }`);
    // py-data (3000 s) carries python and data, ml-intro (600 s) python and machine-learning:
    // python ln(1 + 3600/60) = ln 61, data ln(1 + 50) = ln 51, machine-learning ln(1 + 10) = ln 11.
    expect(data!.user.courses).toEqual([
      { tag: "python", weight: Math.log(61) },
      { tag: "data", weight: Math.log(51) },
      { tag: "machine-learning", weight: Math.log(11) },
    ]);
  });
});

describe("ranking runs", () => {
  test("rankingRun describes the served run: parameters, counts and timings", async () => {
    const { data } = await graphql(
      server.url,
      `{ rankingRun { id name status finishedAt ageSeconds engineVersion userCount rowCount loadMs computeMs writeMs
           parameters { top idf workers weights { interests courses assessments } } } }`,
    );
    const run = data!.rankingRun;
    expect(run).toMatchObject({
      name: "user_ranking",
      status: "complete",
      engineVersion: 1,
      userCount: 9,
      parameters: { top: 5, idf: false, workers: 1, weights: { interests: 1, courses: 1, assessments: 1 } },
    });
    expect(run.rowCount).toBeGreaterThanOrEqual(9);
    expect(run.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(run.finishedAt)).toBeLessThanOrEqual(Date.now());
  });

  test("rankingRuns lists the history of a name, newest first, and nothing for an unknown name", async () => {
    const { data } = await graphql(
      server.url,
      `{ served: rankingRun { id } runs: rankingRuns { id status } other: rankingRuns(name: "experiment") { id } }`,
    );
    expect(data!.runs).toEqual([{ id: data!.served.id, status: "complete" }]);
    expect(data!.other).toEqual([]);
  });
});

describe("cursors", () => {
  test.each([
    ["a user cursor given to courseViews", Buffer.from("user:3").toString("base64url")],
    ["an id beyond 32 bits", Buffer.from("view:99999999999").toString("base64url")],
  ])("%s gives BAD_USER_INPUT naming after", async (_, cursor) => {
    const { errors } = await graphql(server.url, `query ($after: String) { user(handle: "3") { courseViews(after: $after) { edges { cursor } } } }`, {
      after: cursor,
    });
    expect(errors![0].message).toBe(`after: "${cursor}" is not a cursor of this connection`);
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "after" });
  });

  test("a cursor from another user's courseViews gives BAD_USER_INPUT naming after, not a page", async () => {
    const views = `query ($handle: ID!, $after: String) { user(handle: $handle) { courseViews(first: 1, after: $after) {
      edges { cursor node { courseId } } } } }`;
    // User 1's first view (js-basics, 2017-06-27) is before both of user 3's, so a cursor read by position would
    // page through user 3's views.
    const ones = await graphql(server.url, views, { handle: "1" });
    const foreign = ones.data!.user.courseViews.edges[0].cursor;
    const { data, errors } = await graphql(server.url, views, { handle: "3", after: foreign });
    expect(data).toEqual({ user: null });
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toBe(`after: "${foreign}" is not a cursor of this connection`);
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "after" });
  });
});
