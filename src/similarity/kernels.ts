/**
 * The compiled inner loops (wasm/kernels.ts, built by `npm run build:wasm`). The main thread compiles them once per
 * process and hands the compiled module to its workers; each thread instantiates it once per arena, on the arena's
 * memory. Their types come from the bindings asc writes beside kernels.wasm, so a call here that does not match a
 * kernel's signature fails `tsc`.
 */
import { readFileSync } from "node:fs";
import type { instantiate } from "./wasm/kernels.bindings.js";

/** The kernels' exports. Pointers are byte offsets into the arena's memory; asc's bindings also list `memory`,
 *  which kernels.wasm imports rather than exports. */
export type Kernels = Omit<Awaited<ReturnType<typeof instantiate>>, "memory">;

let compiled: WebAssembly.Module | undefined;

/** kernels.wasm compiled, once per process: workers receive it in their job rather than compile their own. */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(new URL("./wasm/kernels.wasm", import.meta.url)));
  return compiled;
}

/** For a thread started from a bundle, which cannot read kernels.wasm beside itself: the module its starter compiled,
 *  which kernelModule() then returns. */
export function useKernelModule(module: WebAssembly.Module): void {
  compiled = module;
}

/** The kernels of `module` working on `memory` (an Arena's). */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Kernels {
  // The raw exports take JavaScript booleans for `bool` (ToInt32 makes them 0 and 1) and return u32 counts as i32,
  // which they stay below 2³¹ in a 4 GiB arena: the bindings' types fit them without asc's adapting wrapper.
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;
}
