/**
 * Runs parseSeedFile on a worker thread, so two files parse at once on two cores (parsing is most of a seed's
 * time). Problems and packed rows come back as plain data; ImportErrors are rebuilt here.
 */
import { startWorker } from "../threads/start-worker.js";
import type { SeedFile } from "./columns.js";
import { ImportError, type ImportErrorCode } from "./import-errors.js";
import type { ParsedFile } from "./parse-file.js";

export interface WorkerRequest {
  file: SeedFile;
  filePath: string;
}

export type WorkerReply =
  | { kind: "progress"; rows: number; finished: boolean }
  | { kind: "parsed"; parsed: ParsedFile }
  | { kind: "import-error"; code: ImportErrorCode; lines: string[] }
  | { kind: "crashed"; stack: string };

export async function parseSeedFileInWorker(
  file: SeedFile,
  filePath: string,
  onProgress?: (rowsRead: number, finished: boolean) => void,
  signal?: AbortSignal,
): Promise<ParsedFile> {
  const entry = new URL("./parse-worker.ts", import.meta.url);
  const worker = await startWorker(entry, { file, filePath } satisfies WorkerRequest);
  return new Promise<ParsedFile>((resolve, reject) => {
    const stop = () => void worker.terminate();
    signal?.addEventListener("abort", stop, { once: true });
    if (signal?.aborted) stop(); // aborted while the worker's code was being bundled
    const settle = (finish: () => void) => {
      signal?.removeEventListener("abort", stop);
      finish();
      stop();
    };
    worker.on("message", (reply: WorkerReply) => {
      if (reply.kind === "progress") onProgress?.(reply.rows, reply.finished);
      else if (reply.kind === "parsed") settle(() => resolve(reply.parsed));
      else if (reply.kind === "import-error") settle(() => reject(new ImportError(reply.code, reply.lines)));
      else settle(() => reject(Object.assign(new Error(`parsing ${filePath} failed`), { stack: reply.stack })));
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the worker parsing ${filePath} stopped (exit ${code})`))));
  });
}
