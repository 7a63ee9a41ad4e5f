// Plain JavaScript, with types in top-k.d.ts: worker threads load it without a TypeScript loader (see ranker.js).
/**
 * Bounded top-K lists for many owners at once: owner o keeps at most `capacity` (user, score) entries in a binary
 * heap at ids/scores[o * capacity ..], whose root is the worst entry kept (mnemonist's FixedReverseHeap, with ids
 * and scores in parallel typed arrays as in flatqueue). A candidate better than the root replaces it. Order: higher
 * score first, equal scores broken by the smaller user index (= smaller handle); it is a strict total order, so what
 * an owner keeps does not depend on the order candidates arrive in, nor on how they were split between heaps.
 */
export class TopKHeaps {
  /**
   * Storage for `owners` empty heaps of `capacity` (≥ 1) entries each, on ArrayBuffer or SharedArrayBuffer.
   * @param {number} owners
   * @param {number} capacity
   * @param {ArrayBufferConstructor | SharedArrayBufferConstructor} [Buffer]
   */
  static allocate(owners, capacity, Buffer = ArrayBuffer) {
    const slots = owners * capacity;
    return {
      capacity,
      ids: new Int32Array(new Buffer(slots * 4)),
      scores: new Float64Array(new Buffer(slots * 8)),
      sizes: new Uint32Array(new Buffer(owners * 4)),
      floors: new Float64Array(new Buffer(owners * 8)).fill(-Infinity),
    };
  }

  /** @param {import("./top-k.js").HeapStorage} storage heaps made by `allocate`, possibly shared with other threads */
  constructor(storage) {
    this.capacity = storage.capacity;
    this.ids = storage.ids;
    this.scores = storage.scores;
    this.sizes = storage.sizes;
    // floors[o]: the root's score once owner o's heap is full, -Infinity before. Anything scoring below it is
    // rejected with one read, without touching the heap.
    this.floors = storage.floors;
  }

  /** Empties owner o's heap in O(1). @param {number} o */
  clear(o) {
    this.sizes[o] = 0;
    this.floors[o] = -Infinity;
  }

  /** Offers (id, score) to owner o; kept if the heap is not full or it beats the worst entry kept.
   *  @param {number} o @param {number} id @param {number} score */
  offer(o, id, score) {
    if (score < this.floors[o]) return;
    const cap = this.capacity;
    const base = o * cap;
    const size = this.sizes[o];
    if (size < cap) {
      this.siftUp(base, size, id, score);
      this.sizes[o] = size + 1;
      if (size + 1 === cap) this.floors[o] = this.scores[base];
      return;
    }
    const worst = this.scores[base];
    if (score > worst || id < this.ids[base]) {
      this.siftDown(base, cap, id, score);
      this.floors[o] = this.scores[base];
    }
  }

  /** Offers every entry of owner `fromOwner` in `from` (any heaps) to owner o here.
   *  @param {number} o @param {TopKHeaps} from @param {number} fromOwner */
  offerAll(o, from, fromOwner) {
    const base = fromOwner * from.capacity;
    for (let r = 0, n = from.sizes[fromOwner]; r < n; r++) this.offer(o, from.ids[base + r], from.scores[base + r]);
  }

  /** Writes owner o's entries best first into outIds/outScores[at..], empties the heap, returns how many.
   *  @param {number} o @param {Int32Array} outIds @param {Float64Array} outScores @param {number} at */
  drainInto(o, outIds, outScores, at) {
    const { ids, scores } = this;
    const base = o * this.capacity;
    const n = this.sizes[o];
    // Popping the root (the worst) repeatedly yields worst first, so fill from the back.
    for (let size = n; size > 0; size--) {
      outIds[at + size - 1] = ids[base];
      outScores[at + size - 1] = scores[base];
      if (size > 1) this.siftDown(base, size - 1, ids[base + size - 1], scores[base + size - 1]);
    }
    this.clear(o);
    return n;
  }

  /** Moves the hole at base+i up past better parents, then stores (id, score) there. */
  siftUp(base, i, id, score) {
    const { ids, scores } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = scores[base + parent];
      if (ps < score || (ps === score && ids[base + parent] > id)) break; // parent is worse: the root stays worst
      ids[base + i] = ids[base + parent];
      scores[base + i] = ps;
      i = parent;
    }
    ids[base + i] = id;
    scores[base + i] = score;
  }

  /** Moves the hole at the root of a heap of `size` entries down past worse children, then stores (id, score). */
  siftDown(base, size, id, score) {
    const { ids, scores } = this;
    const half = size >> 1;
    let i = 0;
    while (i < half) {
      let child = 2 * i + 1;
      let cs = scores[base + child];
      let cid = ids[base + child];
      const right = child + 1;
      if (right < size) {
        const rs = scores[base + right];
        if (rs < cs || (rs === cs && ids[base + right] > cid)) {
          child = right;
          cs = rs;
          cid = ids[base + right];
        }
      }
      if (cs > score || (cs === score && cid < id)) break; // the worse child still beats the newcomer
      ids[base + i] = cid;
      scores[base + i] = cs;
      i = child;
    }
    ids[base + i] = id;
    scores[base + i] = score;
  }
}
