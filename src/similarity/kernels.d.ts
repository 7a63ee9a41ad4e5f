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
  perSource(
    u: number, count: number, neighbours: Pointer, setOffsets: Pointer, tagIds: Pointer, setWeights: Pointer,
    norms: Pointer, byTag: Pointer, out: Pointer, stride: number, s: number,
  ): void;
  offer(heaps: Pointer, o: number, id: number, score: number): void;
  offerAll(heaps: Pointer, o: number, from: Pointer, fromOwner: number): void;
  drain(heaps: Pointer, o: number, outIds: Pointer, outScores: Pointer): number;
  mergeRow(heapSets: Pointer, setCount: number, merged: Pointer, u: number, outIds: Pointer, outScores: Pointer): number;
  offerScored(heaps: Pointer, bounds: Pointer, u: number, v: number, owner: number, score: number, symmetric: boolean): void;
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
