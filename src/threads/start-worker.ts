/**
 * Starting a worker thread whose entry is TypeScript: the one way Kindred does it, for the ranking workers
 * (src/similarity), the import's parse worker (src/import) and a queue worker's pairing thread (src/queue); and
 * waiting for a set of them to finish (allFinished), the one way a run of threads fails when one dies. It lives in a
 * room of its own because they all use it and none may import another; it imports nothing of theirs.
 *
 * Why not `new Worker("entry.ts")`: Node 20 cannot load TypeScript into a worker cheaply. A Worker ignores tsx's
 * loader in execArgv ("Unknown file extension .ts"), under vitest no loader is there to inherit, and tsx's
 * `tsImport` costs 300-600 ms per worker (it starts a module-hooks thread and loads tsx there), where a plain
 * JavaScript worker starts in tens of milliseconds. So esbuild bundles the entry and everything it imports, in
 * memory, once per entry and process, and the worker runs that bundle as an ES module from a data: URL, with
 * execArgv [] so it does not load the tsx that `npm run` scripts bring either.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";

const bundles = new Map<string, Promise<URL>>();

/**
 * The entry module `entry` (a file: URL of a .ts or .js file) and its imports as one ES module, as a data: URL; built
 * once per process. esbuild builds in a process of its own, so a caller with work to do before it starts its workers
 * can call this first and have the bundle built meanwhile.
 */
export function bundled(entry: URL): Promise<URL> {
  let url = bundles.get(entry.href);
  if (url === undefined) {
    url = bundle(entry);
    bundles.set(entry.href, url);
    url.catch(() => bundles.delete(entry.href)); // a failed build (a syntax error being fixed) is tried again
  }
  return url;
}

async function bundle(entry: URL): Promise<URL> {
  const file = fileURLToPath(entry);
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "silent",
    // CommonJS packages in the bundle (fast-csv) call require() for Node's modules; an ES module has none, so give
    // it one. Everything else is in the bundle, so where it resolves from hardly matters: the entry's own folder.
    banner: { js: `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(file)});` },
  });
  // Stack frames would name the whole data: URL, base64 and all; sourceURL names the entry instead (the line numbers
  // are the bundle's, whose `// src/...` comments say where each part comes from).
  const code = `${result.outputFiles[0].text}\n//# sourceURL=${entry.href}?bundle\n`;
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

/**
 * A worker thread running `entry` with `workerData` (structured-cloned: typed arrays, shared memory, a compiled
 * WebAssembly.Module). The first start of an entry in a process bundles it (tens of milliseconds); later ones reuse
 * the bundle. Rejects when the entry does not build, with esbuild's message naming file and line.
 */
export async function startWorker(entry: URL, workerData: unknown): Promise<Worker> {
  return new Worker(await bundled(entry), { workerData, execArgv: [] });
}

/**
 * Waits until every one of `workers` has said it finished: `onMessage` sees each message with its worker's index and
 * returns true for the message that finishes that worker. Rejects, terminating every worker, as soon as one errors
 * ("worker died: <its message>"), sends what cannot be read, exits before finishing ("worker died: exited with code
 * N before finishing"), or `onMessage` throws (that error as it is). Messages after a failure are not handled.
 */
export function allFinished<M>(workers: readonly Worker[], onMessage: (message: M, worker: number) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    const died = (error: Error) => fail(new Error(`worker died: ${error.message}`, { cause: error }));
    workers.forEach((worker, w) => {
      let done = false;
      worker.on("message", (message: M) => {
        if (failed) return;
        try {
          if (!onMessage(message, w)) return;
        } catch (error) {
          fail(error);
          return;
        }
        done = true;
        if (++finished === workers.length) resolve();
      });
      worker.on("error", died);
      worker.on("messageerror", died);
      worker.on("exit", (code) => {
        if (!done) fail(new Error(`worker died: exited with code ${code} before finishing`));
      });
    });
  });
}
