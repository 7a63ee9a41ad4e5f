// Worker entry for approximateAllUsers (approximate.ts), started from a bundle (src/threads/start-worker.ts): one
// thread's part of an NN-Descent run (nn-descent.ts `descend`), then its pairs-scored count.
import { parentPort, workerData } from "node:worker_threads";
import type { DescentWorkerMessage } from "./approximate.js";
import { type DescentJob, descend, descentKernels, FINISHED } from "./nn-descent.js";

const port = parentPort!;
const { job, w } = workerData as { job: DescentJob; w: number };
const post = (message: DescentWorkerMessage) => port.postMessage(message);
const kernels = descentKernels(job);
const stats = descend(job, w, kernels, w === 0 ? (iteration, inserted) => post({ kind: "iteration", iteration, inserted }) : undefined);
// This atomic write, and the main thread's atomic read, order this worker's output rows before the main thread reads
// them.
Atomics.add(job.control, FINISHED, 1);
post({ kind: "finished", stats, pairsScored: job.perWorker[w].stats[0] });
port.close();
