/** Types for kernels.js: the exports of wasm/kernels.ts. Pointers are byte offsets into the arena's memory. */
type Pointer = number;

export interface Kernels {
  accumulate(
    u: number, afterSelf: boolean, track: boolean, sameWeight: number,
    setOffsets: Pointer, tagIds: Pointer, setWeights: Pointer,
    postingOffsets: Pointer, postingUsers: Pointer, postingWeights: Pointer, positions: Pointer,
    acc: Pointer, touched: Pointer, count: number,
  ): number;
  clear(at: Pointer, bytes: number): void;
  scan1(
    first: number, end: number, a0: Pointer, n0: Pointer, u0: number, al0: number,
    uMask: number, masks: Pointer, alphaSums: Pointer, bounds: Pointer, ownerFloor: number, out: Pointer,
  ): number;
  scan2(
    first: number, end: number, a0: Pointer, n0: Pointer, u0: number, al0: number,
    a1: Pointer, n1: Pointer, u1: number, al1: number,
    uMask: number, masks: Pointer, alphaSums: Pointer, bounds: Pointer, ownerFloor: number, out: Pointer,
  ): number;
  scan3(
    first: number, end: number, a0: Pointer, n0: Pointer, u0: number, al0: number,
    a1: Pointer, n1: Pointer, u1: number, al1: number, a2: Pointer, n2: Pointer, u2: number, al2: number,
    uMask: number, masks: Pointer, alphaSums: Pointer, bounds: Pointer, ownerFloor: number, out: Pointer,
  ): number;
}

export function instantiateKernels(memory: WebAssembly.Memory): Kernels;
