import { describe, expect, test } from "vitest";
import { playgroundTabs } from "../../src/web/playground/tabs.js";

describe("playgroundTabs", () => {
  test("makes one tab per operation, in document order, with its variables' types", () => {
    const tabs = playgroundTabs(`
query A($handle: ID!, $limit: Int = 5) { similarUsers(handle: $handle, limit: $limit) { rank } }
query B { rankingRun { id } }
subscription C($handle: Int!) { similarUsersChanged(handle: $handle) { revision } }
`);
    expect(tabs).toEqual([
      {
        query: "query A($handle: ID!, $limit: Int = 5) { similarUsers(handle: $handle, limit: $limit) { rank } }\n",
        variableTypes: { handle: "ID!", limit: "Int" },
      },
      { query: "query B { rankingRun { id } }\n", variableTypes: {} },
      { query: "subscription C($handle: Int!) { similarUsersChanged(handle: $handle) { revision } }\n", variableTypes: { handle: "Int!" } },
    ]);
  });

  test("keeps the comment lines directly above an operation, but not a header separated by a blank line", () => {
    const [tab] = playgroundTabs(`# File header.

# Who is like this user?
# Change the handle to explore.
query A { rankingRun { id } }
`);
    expect(tab.query).toBe("# Who is like this user?\n# Change the handle to explore.\nquery A { rankingRun { id } }\n");
  });

  test("appends every fragment an operation needs, through other fragments too, each once", () => {
    const [a, b] = playgroundTabs(`
query A { similarUsers(handle: "1") { ...Card ...Why } }
query B { rankingRun { id } }
fragment Card on SimilarUser { rank ...Who }
fragment Who on SimilarUser { user { handle } }
fragment Why on SimilarUser { sharedTags { source } ...Who }
`);
    expect(a.query).toBe(
      [
        `query A { similarUsers(handle: "1") { ...Card ...Why } }`,
        "fragment Card on SimilarUser { rank ...Who }",
        "fragment Who on SimilarUser { user { handle } }",
        "fragment Why on SimilarUser { sharedTags { source } ...Who }",
      ].join("\n\n") + "\n",
    );
    expect(b.query).toBe("query B { rankingRun { id } }\n");
  });

  test("throws graphql's syntax error, with line and column, for a broken document", () => {
    expect(() => playgroundTabs("query A {\n  user(\n}")).toThrow(
      expect.objectContaining({ message: 'Syntax Error: Expected Name, found "}".', locations: [{ line: 3, column: 1 }] }),
    );
  });
});
