/**
 * Runs readSeedFiles on a worker thread, so reading and checking the files (one core) overlaps with writing their
 * rows (the other). Batches come back as plain data, their buffers moved; the worker reads ahead at most
 * MAX_IN_FLIGHT batches beyond the ones written, so memory stays a few batches whatever the files' size.
 * ImportErrors are rebuilt here.
 */
import { startWorker } from "../threads/start-worker.js";
import { ImportError, type ImportErrorCode } from "./import-errors.js";
import type { RowBatch } from "./parse-file.js";
import type { ReadRequest, SeedRead } from "./read-seed-files.js";

/** Batches the worker may post before the first of them is written. */
export const MAX_IN_FLIGHT = 4;

export type WorkerReply =
  | { kind: "batch"; batch: RowBatch }
  | { kind: "read"; read: SeedRead }
  | { kind: "import-error"; code: ImportErrorCode; lines: string[] }
  | { kind: "crashed"; stack: string };

/** The main thread's answer to each batch, once it is written. */
export type WorkerAck = "written";

export async function readSeedFilesInWorker(
  request: ReadRequest,
  onBatch: (batch: RowBatch) => Promise<void> | void,
): Promise<SeedRead> {
  const entry = new URL("./parse-worker.ts", import.meta.url);
  const worker = await startWorker(entry, request);
  return new Promise<SeedRead>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
      void worker.terminate();
    };
    // Batches are written one after another, in the order they were posted; a failed write ends the read.
    let written = Promise.resolve();
    // The worker's last word (the files read, or why not) waits for the writes before it; the worker exits meanwhile.
    let answered = false;
    worker.on("message", (reply: WorkerReply) => {
      if (reply.kind === "batch") {
        written = written
          .then(() => (settled ? undefined : onBatch(reply.batch)))
          .then(() => worker.postMessage("written" satisfies WorkerAck))
          .catch((error: unknown) => settle(() => reject(error)));
      } else if (reply.kind === "read") {
        answered = true;
        void written.then(() => settle(() => resolve(reply.read)));
      } else if (reply.kind === "import-error") {
        answered = true;
        void written.then(() => settle(() => reject(new ImportError(reply.code, reply.lines))));
      } else {
        settle(() => reject(Object.assign(new Error(`reading the seed files failed`), { stack: reply.stack })));
      }
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => answered || settle(() => reject(new Error(`the worker reading the seed files stopped (exit ${code})`))));
  });
}
