import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startServer } from "../../src/api/start-server.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";
import { graphql } from "./client.js";

// 1,200 users, each following one tag and assessed once: one response holding a thousand and more users' interests
// and assessments must batch them like ten, whatever limit a driver puts on the parameters of one statement
// (Prisma's `in` over the keys failed from 998 keys on, with P2029).

const userCount = 1200;
let database: TestDatabase;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  database = freshDatabase();
  const db = new Database(database.path);
  db.transaction(() => {
    const user = db.prepare(`INSERT INTO users (handle) VALUES (?)`);
    const interest = db.prepare(`INSERT INTO interests (user_handle, tag, followed_at) VALUES (?, ?, '2017-07-01T00:00:00.000+00:00')`);
    const assessment = db.prepare(
      `INSERT INTO assessment_scores (user_handle, tag, taken_at, score) VALUES (?, 'sql', '2017-07-02T00:00:00.000+00:00', ?)`,
    );
    for (let h = 1; h <= userCount; h++) {
      user.run(h);
      interest.run(h, `tag-${h}`);
      assessment.run(h, h % 200);
    }
  })();
  db.close();
  // 12 pages of 100 users with their lists cost about 45,600, far past MAX_QUERY_COST's default: allowed here, as
  // what is tested is the batching of one such response.
  server = await startServer({ port: 0, host: "127.0.0.1", url: database.url, limits: { maxQueryCost: 100_000 }, log: { error() {} } });
});

afterAll(async () => {
  await server.close();
  database.remove();
});

test("12 aliased pages of 100 users answer every user's interests and assessments in one response", async () => {
  const cursorAfter = (handle: number) => Buffer.from(`user:${handle}`).toString("base64url");
  const pages = Array.from(
    { length: userCount / 100 },
    (_, i) => `p${i}: users(first: 100${i === 0 ? "" : `, after: "${cursorAfter(i * 100)}"`}) {
      edges { node { handle interests { tag } assessments { score } } } }`,
  );
  const { data, errors } = await graphql(server.url, `{ ${pages.join("\n")} }`);
  expect(errors).toBeUndefined();
  const users = Object.values(data!).flatMap((page: { edges: { node: any }[] }) => page.edges.map((e) => e.node));
  expect(users).toHaveLength(userCount);
  expect(users[0]).toEqual({ handle: "1", interests: [{ tag: "tag-1" }], assessments: [{ score: 1 }] });
  expect(users.at(-1)).toEqual({ handle: "1200", interests: [{ tag: "tag-1200" }], assessments: [{ score: 0 }] });
  expect(new Set(users.map((u) => u.interests[0].tag)).size).toBe(userCount);
});
