import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { fixtureServer, getJson } from "./client.js";
import { dialects } from "../support/stores.js";
import { fixtureDatabaseOn } from "./fixture.js";

test("close() lets an in-flight request finish, then refuses new connections", async () => {
  let release!: () => void;
  const started = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = await fixtureServer(
    { ranked: true },
    {
      routes: [
        {
          method: "GET",
          path: "/slow",
          async handle({ res }) {
            release();
            await new Promise((resolve) => setTimeout(resolve, 300));
            res.end("done");
          },
        },
      ],
    },
  );
  const inFlight = fetch(`${server.url}/slow`).then(async (r) => [r.status, await r.text()]);
  await started;
  await server.stop();
  expect(await inFlight).toEqual([200, "done"]);
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
});

// In production too: there Apollo would add SIGTERM handlers of its own (apollo.ts).
test.each(dialects)("npm run serve on %s prints its URL and exits 0 on SIGTERM, in production", async (dialect) => {
  const database = await fixtureDatabaseOn(dialect, { ranked: true });
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "src/server.ts")], {
    cwd: projectRoot,
    env: { ...process.env, PORT: "0", DATABASE_URL: database.url, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk;
        const match = /GraphQL endpoint +(http:\/\/\S+)\/graphql/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    expect((await getJson(`${url}/healthz`)).status).toBe(200);
    const exitCode = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    child.kill("SIGTERM");
    expect(await exitCode).toEqual({ code: 0, signal: null });
  } finally {
    child.kill("SIGKILL");
    await database.remove();
  }
});
