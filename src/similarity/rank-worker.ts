// Worker entry for rankAllUsers, started from a bundle (src/threads/start-worker.ts).
// Phase 1: claim blocks of users from the shared counter and offer each pair (u, v > u) to this worker's own heaps.
// Phase 2, once every worker is through phase 1 (the main thread says "merge"): claim blocks of users again and
// merge each user's heaps from all workers into the shared output rows.
import { parentPort, workerData } from "node:worker_threads";
import { instantiateKernels } from "./kernels.js";
import type { WorkerJob, WorkerMessage } from "./rank-all-users.js";
import { copyRow } from "./rank-users.js";
import { mergeInto, Ranker } from "./ranker.js";
import { TopKHeaps } from "./top-k.js";

const port = parentPort!;
const job = workerData as WorkerJob;
const { input, out, control, blockSize, heapStorage, worker } = job;
const n = input.userCount;
const kernels = instantiateKernels(job.kernels, input.memory);
const ranker = new Ranker(input, job.scratch, job.bounds, kernels);
const own = new TopKHeaps(heapStorage[worker], kernels);
const post = (message: WorkerMessage) => port.postMessage(message);

/** Claims the next block on counter `c`; returns its first user, or n when none are left. */
function claim(c: number): number {
  return Math.min(Atomics.add(control, c, 1) * blockSize, n);
}

// Pairing goes from the last block to the first: user u pairs with the users after it, so the last blocks are the
// lightest, and a fresh worker's JIT warms up on them instead of running the heaviest queries unoptimised.
for (let end = n - claim(job.pairCounter); end > 0; end = n - claim(job.pairCounter)) {
  const start = Math.max(end - blockSize, 0);
  for (let u = end - 1; u >= start; u--) ranker.pairsFrom(u, own);
  post({ kind: "block", users: end - start });
}
// An atomic write here and the atomic read below order this worker's heap writes before every worker's merge.
Atomics.add(control, job.pairedCounter, 1);
post({ kind: "paired" });

port.once("message", () => {
  if (Atomics.load(control, job.pairedCounter) !== heapStorage.length) throw new Error("merge started before pairing ended");
  const merged = new TopKHeaps(job.merged, kernels);
  for (let from = claim(job.mergeCounter); from < n; from = claim(job.mergeCounter)) {
    const to = Math.min(from + blockSize, n);
    for (let u = from; u < to; u++) {
      mergeInto(u, job.heapSets, merged, job.row, 0);
      ranker.fillPerSource(u, job.row, 0);
      copyRow(job.row, 0, out, u);
    }
  }
  Atomics.add(control, job.mergedCounter, 1);
  post({ kind: "finished", accumulations: ranker.accumulations });
  port.close();
});
