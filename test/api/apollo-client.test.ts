import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { fixtureServer, type TestServer } from "./client.js";

// Apollo Client 4's normalised cache, as a frontend would set it up: no typePolicies, no dataIdFromObject. It keys
// an object by `__typename` and `id`; before User had an id, a second query on the same user replaced the first's
// user object ("Cache data may be lost when replacing the user field of a Query object") and lost its fields.

let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: true });
});
afterAll(() => server.stop());
afterEach(() => vi.restoreAllMocks());

const Interests = gql`
  query Interests($handle: ID!) {
    user(handle: $handle) {
      id
      interests {
        tag
      }
    }
  }
`;
const Assessments = gql`
  query Assessments($handle: ID!) {
    user(handle: $handle) {
      id
      assessments {
        score
      }
    }
  }
`;
const Neighbours = gql`
  query Neighbours($handle: ID!) {
    similarUsers(handle: $handle, limit: 5) {
      rank
      user {
        id
        handle
      }
    }
  }
`;

test("InMemoryCache without typePolicies keeps one entry per user, holding every query's fields", async () => {
  const warnings = vi.spyOn(console, "warn");
  const client = new ApolloClient({ link: new HttpLink({ uri: `${server.url}/graphql` }), cache: new InMemoryCache() });
  const variables = { handle: "1" };
  await client.query({ query: Interests, variables });
  await client.query({ query: Assessments, variables });
  await client.query({ query: Neighbours, variables });

  // Both queries answer from the cache alone: the second did not overwrite the first.
  const interests = client.readQuery({ query: Interests, variables });
  const assessments = client.readQuery({ query: Assessments, variables });
  expect(interests).toEqual({ user: { __typename: "User", id: "VXNlcjox", interests: ["javascript", "react", "web"].map((tag) => ({ __typename: "Interest", tag })) } });
  expect(assessments).toEqual({ user: { __typename: "User", id: "VXNlcjox", assessments: [{ __typename: "Assessment", score: 150 }] } });

  const cache = client.cache.extract() as Record<string, Record<string, unknown>>;
  expect(cache.ROOT_QUERY['user({"handle":"1"})']).toEqual({ __ref: "User:VXNlcjox" });
  // User 1 and its five neighbours, each normalised once.
  expect(Object.keys(cache).filter((key) => key.startsWith("User:")).sort()).toEqual(
    ["1", "2", "5", "7", "9", "10"].map((h) => `User:${Buffer.from(`User:${h}`).toString("base64url")}`).sort(),
  );
  expect(warnings.mock.calls.flat().join("\n")).not.toContain("Cache data may be lost");
});
