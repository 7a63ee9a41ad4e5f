// Plain JavaScript, with types in kernels.d.ts: worker threads load it without a TypeScript loader (see ranker.js).
/** The compiled inner loops (wasm/kernels.ts, built by `npm run build:wasm`), compiled once per thread. */
import { readFileSync } from "node:fs";

const kernelModule = new WebAssembly.Module(readFileSync(new URL("./wasm/kernels.wasm", import.meta.url)));

/** The kernels working on `memory` (an Arena's). @param {WebAssembly.Memory} memory */
export function instantiateKernels(memory) {
  return new WebAssembly.Instance(kernelModule, { env: { memory } }).exports;
}
