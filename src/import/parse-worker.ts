// Worker side of parse-in-worker.ts: parses one seed file and posts the packed rows back, moving their buffers.
import { parentPort, workerData } from "node:worker_threads";
import { ImportError } from "./import-errors.js";
import { parseSeedFile } from "./parse-file.js";
import type { WorkerReply, WorkerRequest } from "./parse-in-worker.js";
import type { FileRows } from "./rows.js";

/** Every ArrayBuffer under the rows (Int32Array columns and text codes), to transfer rather than copy. */
function buffersOf(rows: FileRows): ArrayBuffer[] {
  return Object.values(rows.columns).map((c) => (c instanceof Int32Array ? c : c.codes).buffer as ArrayBuffer);
}

const port = parentPort!;
const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const { file, filePath } = workerData as WorkerRequest;
try {
  const parsed = await parseSeedFile(file, filePath, (rows, finished) => reply({ kind: "progress", rows, finished }));
  reply({ kind: "parsed", parsed }, buffersOf(parsed.rows));
} catch (error) {
  if (error instanceof ImportError) reply({ kind: "import-error", code: error.code, lines: [...error.lines] });
  else reply({ kind: "crashed", stack: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
