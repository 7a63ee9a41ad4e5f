// Worker-thread entry for a queue worker's pairing (block-worker.ts): the engine holds this thread for a whole block,
// while the worker's event loop goes on renewing the block's lock in BullMQ. One block at a time, in order.
import { parentPort, workerData } from "node:worker_threads";
import { PairBlocks } from "../similarity/pair-blocks.js";
import type { EngineInput } from "../similarity/types.js";

export interface PairThreadData {
  input: EngineInput;
  k: number;
  kernels: WebAssembly.Module;
}

export interface PairRequest {
  from: number;
  to: number;
}

const { input, k, kernels } = workerData as PairThreadData;
const blocks = new PairBlocks(input, k, kernels);
const port = parentPort!;
port.on("message", ({ from, to }: PairRequest) => {
  const partial = blocks.pair(from, to);
  // PairBlocks makes these arrays in ordinary memory: moved, not copied.
  port.postMessage(partial, [partial.count.buffer, partial.neighbour.buffer, partial.score.buffer] as ArrayBuffer[]);
});
port.postMessage("ready");
