/**
 * The live engine (live-engine.ts) on a worker thread of its own, for a server: the event loop that asks stays free
 * to answer queries while a batch is absorbed. Requests go one at a time, in order; the held run lives in the thread.
 */
import type { Worker } from "node:worker_threads";
import type { Handle } from "../domain/handle.js";
import type { SourceRow } from "../profiles/source-rows.js";
import { kernelModule } from "../similarity/kernels.js";
import { startWorker } from "../threads/start-worker.js";
import type { EngineOp, EngineReply, HeldRun, LiveEngine, ProposedChanges } from "./live-engine.js";
import type { RunParameters } from "./run-parameters.js";

export class ThreadLiveEngine implements LiveEngine {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (reply: EngineReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
    });
    const die = (error: Error) => {
      this.failure ??= error; // an error, then its exit: the error says why
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on("error", (error) => die(new Error(`the live engine's thread died: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => die(new Error(`the live engine's thread stopped (exit ${code})`)));
    worker.unref();
  }

  static async start(): Promise<ThreadLiveEngine> {
    return new ThreadLiveEngine(await startWorker(new URL("./live-engine-thread.ts", import.meta.url), { kernels: kernelModule() }));
  }

  private ask<T>(request: EngineOp): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Kept referenced while an answer is awaited (a process waiting only for it must not exit), not when idle.
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  hold(run: HeldRun) {
    return this.ask<Int32Array>({ op: "hold", run });
  }

  propose(handles: readonly Handle[], rows: readonly SourceRow[][], parameters: RunParameters) {
    return this.ask<ProposedChanges>({ op: "propose", handles, rows, parameters });
  }

  settle(commit: boolean) {
    return this.ask<void>({ op: "settle", commit });
  }

  async close() {
    await this.worker.terminate();
  }
}
