// Worker side of parse-in-worker.ts: reads the seed files and posts each batch of packed rows, moving its buffers,
// holding back once MAX_IN_FLIGHT batches wait to be written.
import { parentPort, workerData } from "node:worker_threads";
import { ImportError } from "./import-errors.js";
import { MAX_IN_FLIGHT, type WorkerAck, type WorkerReply } from "./parse-in-worker.js";
import type { RowBatch } from "./parse-file.js";
import { type ReadRequest, readSeedFiles } from "./read-seed-files.js";

/** Every ArrayBuffer under the rows (Int32Array columns and text codes), to transfer rather than copy. */
function buffersOf({ rows }: RowBatch): ArrayBuffer[] {
  const columns = Object.values(rows.columns).map((c) => (c instanceof Int32Array ? c : c.codes).buffer as ArrayBuffer);
  return [...columns, rows.lines.buffer as ArrayBuffer];
}

const port = parentPort!;
const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let inFlight = 0;
let waiting: (() => void)[] = [];
port.on("message", (_ack: WorkerAck) => {
  inFlight--;
  if (inFlight < MAX_IN_FLIGHT) {
    for (const resume of waiting) resume();
    waiting = [];
  }
});

/** Posts the batch at once, keeping their order; the reader waits while too many are unwritten. */
function post(batch: RowBatch): Promise<void> | undefined {
  inFlight++;
  reply({ kind: "batch", batch }, buffersOf(batch));
  return inFlight < MAX_IN_FLIGHT ? undefined : new Promise((resume) => waiting.push(resume));
}

try {
  const read = await readSeedFiles(workerData as ReadRequest, post);
  reply({ kind: "read", read }, [read.derived.users.buffer as ArrayBuffer]);
} catch (error) {
  if (error instanceof ImportError) reply({ kind: "import-error", code: error.code, lines: [...error.lines] });
  else reply({ kind: "crashed", stack: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
port.close();
