declare namespace __AdaptedExports {
  /** Exported memory */
  export const memory: WebAssembly.Memory;
  /**
   * kernels/accumulate
   * @param u `u32`
   * @param afterSelf `bool`
   * @param track `bool`
   * @param sameWeight `f64`
   * @param setOffsets `usize`
   * @param tagIds `usize`
   * @param setWeights `usize`
   * @param postingOffsets `usize`
   * @param postingUsers `usize`
   * @param postingWeights `usize`
   * @param positions `usize`
   * @param acc `usize`
   * @param touched `usize`
   * @param count `u32`
   * @returns `u32`
   */
  export function accumulate(u: number, afterSelf: boolean, track: boolean, sameWeight: number, setOffsets: number, tagIds: number, setWeights: number, postingOffsets: number, postingUsers: number, postingWeights: number, positions: number, acc: number, touched: number, count: number): number;
  /**
   * kernels/clear
   * @param at `usize`
   * @param bytes `usize`
   */
  export function clear(at: number, bytes: number): void;
  /**
   * kernels/perSource
   * @param u `u32`
   * @param count `u32`
   * @param neighbours `usize`
   * @param setOffsets `usize`
   * @param tagIds `usize`
   * @param setWeights `usize`
   * @param norms `usize`
   * @param byTag `usize`
   * @param out `usize`
   * @param stride `u32`
   * @param s `u32`
   */
  export function perSource(u: number, count: number, neighbours: number, setOffsets: number, tagIds: number, setWeights: number, norms: number, byTag: number, out: number, stride: number, s: number): void;
  /**
   * kernels/offer
   * @param heaps `usize`
   * @param o `u32`
   * @param id `u32`
   * @param score `f64`
   */
  export function offer(heaps: number, o: number, id: number, score: number): void;
  /**
   * kernels/offerAll
   * @param heaps `usize`
   * @param o `u32`
   * @param from `usize`
   * @param fromOwner `u32`
   */
  export function offerAll(heaps: number, o: number, from: number, fromOwner: number): void;
  /**
   * kernels/drain
   * @param heaps `usize`
   * @param o `u32`
   * @param outIds `usize`
   * @param outScores `usize`
   * @returns `u32`
   */
  export function drain(heaps: number, o: number, outIds: number, outScores: number): number;
  /**
   * kernels/mergeRow
   * @param heapSets `usize`
   * @param setCount `u32`
   * @param merged `usize`
   * @param u `u32`
   * @param outIds `usize`
   * @param outScores `usize`
   * @returns `u32`
   */
  export function mergeRow(heapSets: number, setCount: number, merged: number, u: number, outIds: number, outScores: number): number;
  /**
   * kernels/offerScored
   * @param heaps `usize`
   * @param bounds `usize`
   * @param u `u32`
   * @param v `u32`
   * @param owner `u32`
   * @param score `f64`
   * @param symmetric `bool`
   */
  export function offerScored(heaps: number, bounds: number, u: number, v: number, owner: number, score: number, symmetric: boolean): void;
  /**
   * kernels/scan1
   * @param first `u32`
   * @param end `u32`
   * @param candidates `usize`
   * @param u `u32`
   * @param a0 `usize`
   * @param n0 `usize`
   * @param u0 `f64`
   * @param al0 `f64`
   * @param uMask `u32`
   * @param masks `usize`
   * @param alphaSums `usize`
   * @param bounds `usize`
   * @param heaps `usize`
   * @param owner `u32`
   * @param symmetric `bool`
   */
  export function scan1(first: number, end: number, candidates: number, u: number, a0: number, n0: number, u0: number, al0: number, uMask: number, masks: number, alphaSums: number, bounds: number, heaps: number, owner: number, symmetric: boolean): void;
  /**
   * kernels/scan2
   * @param first `u32`
   * @param end `u32`
   * @param candidates `usize`
   * @param u `u32`
   * @param a0 `usize`
   * @param n0 `usize`
   * @param u0 `f64`
   * @param al0 `f64`
   * @param a1 `usize`
   * @param n1 `usize`
   * @param u1 `f64`
   * @param al1 `f64`
   * @param uMask `u32`
   * @param masks `usize`
   * @param alphaSums `usize`
   * @param bounds `usize`
   * @param heaps `usize`
   * @param owner `u32`
   * @param symmetric `bool`
   */
  export function scan2(first: number, end: number, candidates: number, u: number, a0: number, n0: number, u0: number, al0: number, a1: number, n1: number, u1: number, al1: number, uMask: number, masks: number, alphaSums: number, bounds: number, heaps: number, owner: number, symmetric: boolean): void;
  /**
   * kernels/scan3
   * @param first `u32`
   * @param end `u32`
   * @param candidates `usize`
   * @param u `u32`
   * @param a0 `usize`
   * @param n0 `usize`
   * @param u0 `f64`
   * @param al0 `f64`
   * @param a1 `usize`
   * @param n1 `usize`
   * @param u1 `f64`
   * @param al1 `f64`
   * @param a2 `usize`
   * @param n2 `usize`
   * @param u2 `f64`
   * @param al2 `f64`
   * @param uMask `u32`
   * @param masks `usize`
   * @param alphaSums `usize`
   * @param bounds `usize`
   * @param heaps `usize`
   * @param owner `u32`
   * @param symmetric `bool`
   */
  export function scan3(first: number, end: number, candidates: number, u: number, a0: number, n0: number, u0: number, al0: number, a1: number, n1: number, u1: number, al1: number, a2: number, n2: number, u2: number, al2: number, uMask: number, masks: number, alphaSums: number, bounds: number, heaps: number, owner: number, symmetric: boolean): void;
  /**
   * kernels/bitsetPerSource
   * @param u `u32`
   * @param count `u32`
   * @param neighbours `usize`
   * @param bits `usize`
   * @param words `u32`
   * @param norms `usize`
   * @param out `usize`
   * @param stride `u32`
   * @param s `u32`
   */
  export function bitsetPerSource(u: number, count: number, neighbours: number, bits: number, words: number, norms: number, out: number, stride: number, s: number): void;
  /**
   * kernels/listInsert
   * @param list `usize`
   * @param o `u32`
   * @param id `u32`
   * @param score `f64`
   * @param flag `u32`
   * @returns `bool`
   */
  export function listInsert(list: number, o: number, id: number, score: number, flag: number): boolean;
  /**
   * kernels/initUser
   * @param desc `usize`
   * @param u `u32`
   * @param n `u32`
   * @param draws `u32`
   * @param seed `u32`
   * @param starts `usize`
   * @param updates `usize`
   * @param count `u32`
   * @param stats `usize`
   * @returns `u32`
   */
  export function initUser(desc: number, u: number, n: number, draws: number, seed: number, starts: number, updates: number, count: number, stats: number): number;
  /**
   * kernels/startLists
   * @param graph `usize`
   * @param updates `usize`
   * @param count `u32`
   */
  export function startLists(graph: number, updates: number, count: number): void;
  /**
   * kernels/offerCandidates
   * @param graph `usize`
   * @param first `u32`
   * @param last `u32`
   * @param from `u32`
   * @param to `u32`
   * @param seed `u32`
   * @param iteration `u32`
   * @param offers `usize`
   * @param count `u32`
   * @returns `u32`
   */
  export function offerCandidates(graph: number, first: number, last: number, from: number, to: number, seed: number, iteration: number, offers: number, count: number): number;
  /**
   * kernels/takeCandidates
   * @param newC `usize`
   * @param oldC `usize`
   * @param offers `usize`
   * @param count `u32`
   */
  export function takeCandidates(newC: number, oldC: number, offers: number, count: number): void;
  /**
   * kernels/markSampled
   * @param graph `usize`
   * @param sampled `usize`
   * @param from `u32`
   * @param to `u32`
   * @param seed `u32`
   * @param iteration `u32`
   */
  export function markSampled(graph: number, sampled: number, from: number, to: number, seed: number, iteration: number): void;
  /**
   * kernels/joinUser
   * @param desc `usize`
   * @param newIds `usize`
   * @param cn `u32`
   * @param oldIds `usize`
   * @param co `u32`
   * @param floors `usize`
   * @param updates `usize`
   * @param count `u32`
   * @param stats `usize`
   * @returns `u32`
   */
  export function joinUser(desc: number, newIds: number, cn: number, oldIds: number, co: number, floors: number, updates: number, count: number, stats: number): number;
  /**
   * kernels/applyUpdates
   * @param graph `usize`
   * @param updates `usize`
   * @param count `u32`
   * @param from `u32`
   * @param to `u32`
   */
  export function applyUpdates(graph: number, updates: number, count: number, from: number, to: number): void;
  /**
   * kernels/settleFlags
   * @param graph `usize`
   * @param from `u32`
   * @param to `u32`
   * @returns `u32`
   */
  export function settleFlags(graph: number, from: number, to: number): number;
}
/** Instantiates the compiled WebAssembly module with the given imports. */
export declare function instantiate(module: WebAssembly.Module, imports: {
}): Promise<typeof __AdaptedExports>;
