import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fixtureServer, type TestServer } from "./client.js";

let server: TestServer;
beforeAll(async () => {
  server = await fixtureServer({ ranked: false });
});
afterAll(() => server.stop());

/** A request whose target is sent exactly as given (fetch would normalise it), answered as status and JSON body. */
function rawRequest(target: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const { port } = new URL(server.url);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: target, method: init.method ?? "GET", headers: init.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.once("error", reject);
    req.end(init.body);
  });
}

const body = JSON.stringify({ query: "{ __typename }" });

describe("the media type of a POST /graphql body", () => {
  test.each(["application/jsonp", "text/plain", "application/x-www-form-urlencoded", "application/json-seq"])(
    "%s is refused with 415 UNSUPPORTED_MEDIA_TYPE, even when the body is JSON",
    async (type) => {
      const { status, body: answer } = await rawRequest("/graphql", { method: "POST", headers: { "content-type": type }, body });
      expect(status).toBe(415);
      expect(answer).toEqual({
        errors: [{ message: `A GraphQL POST body must be application/json, got "${type}"`, extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } }],
      });
    },
  );

  test("no content-type at all is refused with 415", async () => {
    const { status, body: answer } = await rawRequest("/graphql", { method: "POST", body });
    expect(status).toBe(415);
    expect(answer.errors[0].message).toBe("A GraphQL POST body must be application/json, got no content-type");
  });

  test.each(["application/json", "Application/JSON; charset=utf-8", "application/graphql-response+json"])("%s is served", async (type) => {
    const { status, body: answer } = await rawRequest("/graphql", { method: "POST", headers: { "content-type": type }, body });
    expect(status).toBe(200);
    expect(answer).toEqual({ data: { __typename: "Query" } });
  });
});

describe("the request path", () => {
  test("//evil.example/graphql is not /graphql: 404 naming the path as sent", async () => {
    const { status, body: answer } = await rawRequest("//evil.example/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(status).toBe(404);
    expect(answer).toEqual({ error: { code: "NOT_FOUND", message: "Nothing at //evil.example/graphql" } });
  });

  test("//evil.example/healthz is not /healthz either", async () => {
    const { status, body: answer } = await rawRequest("//evil.example/healthz");
    expect(status).toBe(404);
    expect(answer.error.message).toBe("Nothing at //evil.example/healthz");
  });

  test("a request in absolute form (as to a proxy) is served by its path", async () => {
    const { status, body: answer } = await rawRequest(`${server.url}/healthz`);
    expect(status).toBe(503);
    expect(answer.status).toBe("not_ready");
  });
});
