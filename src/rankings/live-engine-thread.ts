// Worker entry for ThreadLiveEngine (thread-live-engine.ts), started from a bundle (src/threads/start-worker.ts):
// holds the served run and answers the main thread's requests one at a time, in order. Ranking everyone (when most
// users changed) runs here, on this one thread: a bundled thread does not start the engine's own workers.
import { parentPort, workerData } from "node:worker_threads";
import { useKernelModule } from "../similarity/kernels.js";
import { rankUsers } from "../similarity/rank-users.js";
import { type EngineReply, type EngineRequest, LocalLiveEngine } from "./live-engine.js";

useKernelModule((workerData as { kernels: WebAssembly.Module }).kernels);
const port = parentPort!;
const engine = new LocalLiveEngine(async (input, k) => rankUsers(input, k));
let tail: Promise<unknown> = Promise.resolve();

async function answer(request: EngineRequest): Promise<unknown> {
  switch (request.op) {
    case "hold":
      return engine.hold(request.run);
    case "propose":
      return engine.propose(request.handles, request.rows, request.parameters);
    case "settle":
      return engine.settle(request.commit);
  }
}

port.on("message", (request: EngineRequest) => {
  tail = tail.then(async () => {
    let reply: EngineReply;
    try {
      reply = { id: request.id, ok: true, value: await answer(request) };
    } catch (error) {
      reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
    }
    port.postMessage(reply);
  });
});
