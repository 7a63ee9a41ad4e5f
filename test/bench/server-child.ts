import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/database-url.js";

/**
 * `npm run serve` in a child process on a free port (production mode), so a load generator in the bench process
 * never shares the server's event loop. Resolves once the server prints its URL; `base` is http://127.0.0.1:PORT,
 * `printed()` all the server has printed so far.
 */
export async function startServerChild(
  url: string,
  resultsTable: string,
): Promise<{ child: ChildProcess; base: string; printed: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "src/server.ts")], {
    cwd: projectRoot,
    env: { ...process.env, PORT: "0", DATABASE_URL: url, RESULTS_TABLE: resultsTable, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /(http:\/\/\S+?)\/graphql/.exec(out);
      if (match) resolve(match[1].replace("localhost", "127.0.0.1"));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  return { child, base, printed: () => out };
}
