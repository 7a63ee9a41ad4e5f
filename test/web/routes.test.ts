import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../../src/api/start-server.js";
import { startWebServer } from "./server.js";

// The web routes over HTTP, as a browser and as API clients meet them; the pages themselves are tested in Chromium.

let server: RunningServer;

beforeAll(async () => {
  server = await startWebServer({ ranked: false });
});
afterAll(async () => {
  await server?.close();
});

const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("GET /graphql", () => {
  test("answers a browser with the playground page, its tabs inline, under a same-origin-only CSP", async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: html });
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'; connect-src 'self'");
    expect(page).toContain('<script defer src="/assets/graphiql.min.js"></script>');
    expect(page).toContain('<script type="application/json" id="kindred-tabs">[{"query":"# The original system');
    expect(page).not.toMatch(/https?:\/\//);
  });

  test("still answers a GraphQL client asking for JSON with the query's result", async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ users(first: 1) { edges { node { handle } } } }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { users: { edges: [{ node: { handle: "1" } }] } } });
  });
});

describe("GET /", () => {
  test("serves the explorer page, which links to the playground", async () => {
    const response = await fetch(`${server.url}/`, { headers: html });
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page).toContain('<a href="/graphql">GraphQL playground</a>');
    expect(page).toContain('<script type="module" src="/assets/explorer.js"></script>');
  });
});

describe("GET /assets/:name", () => {
  test("serves the explorer bundle with the generated client's operation inside", async () => {
    const response = await fetch(`${server.url}/assets/explorer.js`);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await response.text()).toContain("query Explore($handle: ID!)");
  });

  test("sends gzip to a client that accepts it, byte-identical once unpacked", async () => {
    const identity = await rawGet(`${server.url}/assets/graphiql.min.js`, {});
    const { body, headers } = await rawGet(`${server.url}/assets/graphiql.min.js`, { "accept-encoding": "gzip, deflate" });
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(headers["content-encoding"]).toBe("gzip");
    // GraphiQL's 978 kB script travels as about 310 kB.
    expect(body.length).toBeLessThan(identity.body.length / 3);
    expect(gunzipSync(body).equals(identity.body)).toBe(true);
  });

  test("answers 304 with no body when the browser's copy is current", async () => {
    const first = await fetch(`${server.url}/assets/react.production.min.js`);
    const etag = first.headers.get("etag")!;
    const again = await fetch(`${server.url}/assets/react.production.min.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  test("answers 404 naming an unknown asset", async () => {
    const response = await fetch(`${server.url}/assets/jquery.js`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "No asset named jquery.js" } });
  });
});

/** A GET whose body is returned as sent: fetch would decompress it, and always asks for gzip. */
async function rawGet(url: string, headers: Record<string, string>): Promise<{ body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ body: Buffer.concat(chunks), headers: res.headers }));
    })
      .on("error", reject)
      .end();
  });
}
