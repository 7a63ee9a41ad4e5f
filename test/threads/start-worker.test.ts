import { once } from "node:events";
import { describe, expect, test } from "vitest";
import { startWorker } from "../../src/threads/start-worker.js";

describe("startWorker", () => {
  test("runs a TypeScript entry with its imports and workerData", async () => {
    const worker = await startWorker(new URL("./fixtures/echo-worker.ts", import.meta.url), 21);
    const [reply] = await once(worker, "message");
    expect(reply).toEqual({ doubled: 42, rows: [["a", "b"]] });
    await once(worker, "exit");
  });

  test("names the entry, not the bundle's data: URL, in its errors' stack frames", async () => {
    const worker = await startWorker(new URL("./fixtures/throwing-worker.ts", import.meta.url), null);
    const [error] = (await once(worker, "error")) as [Error];
    expect(error.message).toBe("thrown in a worker");
    const frame = error.stack!.split("\n")[1];
    expect(frame.replace(/:\d+:\d+$/, "")).toBe(`    at ${new URL("./fixtures/throwing-worker.ts", import.meta.url).href}?bundle`);
  });

  test("rejects an entry that does not build, naming the file and the import", async () => {
    await expect(startWorker(new URL("./fixtures/unresolved-worker.js", import.meta.url), null)).rejects.toThrow(
      /unresolved-worker\.js:2:7: ERROR: Could not resolve "\.\/no-such-module\.js"/,
    );
  });
});
