import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixtureServer, graphql, type TestServer } from "./client.js";

let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true });
});
afterAll(() => server.stop());

describe("User.id and node(id) (Relay's Node)", () => {
  test("a user has the same id wherever it is reached, and node(id) finds it again", async () => {
    const { data, errors } = await graphql(
      server.url,
      `{ user(handle: "2") { id handle }
         users(first: 2) { edges { node { id handle } } }
         similarUsers(handle: "1", limit: 5) { user { id handle } } }`,
    );
    expect(errors).toBeUndefined();
    // base64url of "User:2": opaque to clients, stable for us.
    expect(data!.user).toEqual({ id: "VXNlcjoy", handle: "2" });
    expect(data!.users.edges[1].node).toEqual(data!.user);
    expect(data!.similarUsers.map((s: any) => s.user)).toContainEqual(data!.user);

    const again = await graphql(server.url, `query ($id: ID!) { node(id: $id) { __typename id ... on User { handle } } }`, { id: "VXNlcjoy" });
    expect(again).toEqual({ status: 200, data: { node: { __typename: "User", id: "VXNlcjoy", handle: "2" } } });
  });

  test("node(id) is null for the id of a user nobody has", async () => {
    const { data, errors } = await graphql(server.url, `{ node(id: "VXNlcjo5OTk") { id } }`); // User:999
    expect(errors).toBeUndefined();
    expect(data).toEqual({ node: null });
  });

  test.each([
    ["a handle", "2"],
    ["another type's id", Buffer.from("Course:2").toString("base64url")],
    ["a cursor", Buffer.from("user:2").toString("base64url")],
    ["a padded spelling of a real id", "VXNlcjoy=="],
    ["a non-canonical handle", Buffer.from("User:02").toString("base64url")],
  ])("node(id) with %s gives BAD_USER_INPUT naming id", async (_, id) => {
    const { errors } = await graphql(server.url, `query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toBe(`id: "${id}" is not the id of a node`);
    expect(errors![0].extensions).toEqual({ code: "BAD_USER_INPUT", argumentName: "id" });
  });
});

describe("connections as Relay clients expect them", () => {
  test("totalCount counts every node of the connection, whatever the page", async () => {
    const { data, errors } = await graphql(
      server.url,
      `{ users(first: 2) { totalCount edges { cursor } }
         user(handle: "1") { courseViews(first: 1) { totalCount edges { node { courseId } } } }
         empty: user(handle: "8") { courseViews { totalCount edges { cursor } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.users.totalCount).toBe(10);
    expect(data!.users.edges).toHaveLength(2);
    // User 1 watched js-basics on two days (fixture.ts).
    expect(data!.user.courseViews).toEqual({ totalCount: 2, edges: [{ node: { courseId: "js-basics" } }] });
    expect(data!.empty.courseViews).toEqual({ totalCount: 0, edges: [] });
  });

  test("first is a nullable Int defaulting to 20 on both connections", async () => {
    const { data } = await graphql(
      server.url,
      `{ query: __type(name: "Query") { fields { name args { name defaultValue type { kind name } } } }
         user: __type(name: "User") { fields { name args { name defaultValue type { kind name } } } } }`,
    );
    const first = (type: any, field: string) => type.fields.find((f: any) => f.name === field).args.find((a: any) => a.name === "first");
    const expected = { name: "first", defaultValue: "20", type: { kind: "SCALAR", name: "Int" } };
    expect(first(data!.query, "users")).toEqual(expected);
    expect(first(data!.user, "courseViews")).toEqual(expected);
  });

  test("first may be left out or null: the default page is served", async () => {
    const query = `query ($first: Int) { users(first: $first) { edges { node { handle } } pageInfo { hasNextPage } } }`;
    for (const variables of [{}, { first: null }]) {
      const { data, errors } = await graphql(server.url, query, variables);
      expect(errors).toBeUndefined();
      expect(data!.users.edges).toHaveLength(10);
      expect(data!.users.pageInfo.hasNextPage).toBe(false);
    }
    const { data } = await graphql(server.url, `{ user(handle: "1") { courseViews(first: null) { edges { cursor } } } }`);
    expect(data!.user.courseViews.edges).toHaveLength(2);
  });
});
