/**
 * Every user's exact lists after some users' profiles changed (new follows, views or assessments, new users, users
 * whose data is all gone), without ranking everyone again: the lists a full run of the new input would give, bit for
 * bit.
 *
 * Only pairs with a changed user have new scores: a pair of unchanged users adds the same minima in the same order
 * (tag ids keep their relative order, profiles/load-profiles.ts) and keeps its score to the bit. Each changed user c
 * is queried once against everyone, every neighbour kept: that gives its own top k and S(c, v) for every v, bit for
 * bit S(v, c) (ranker.ts). Then, for an unchanged user v, with P its previous list:
 * - M = P's entries of unchanged users (old scores, still exact), merged with the changed users' entries for v, in
 *   the heaps' order (higher score first, equal scores to the smaller index); entries of changed or departed users
 *   in P are dropped (their scores changed or they are gone).
 * - If P held fewer than k, P held every user v shared a tag with, so every unchanged user with S(v, ·) > 0 is in M
 *   and the top k of M is v's new list.
 * - If P held k, with p its k-th entry, every unchanged user never stored in P ranked below p, with the same score
 *   now. So when the k-th entry m of M's top k is at least as good as p (m = p, or better), everyone outside M ranks
 *   below m and M's top k is exact. When M holds fewer than k, or m is worse than p, some never-stored user may belong
 *   in the list: v is queried alone again. (When p's user has departed, an m tying p's score cannot be placed
 *   against p's vanished index, so only a higher score passes.) A changed user's entry below p's score cannot be in
 *   an exact M's top k, and leaving it out cannot make a failing check pass, so entries below p's score are dropped
 *   as they are collected.
 * Only users failing that check are queried again, so a changed user falling out of a list, or departing, costs one
 * query of each holder whose list it leaves short; a changed user climbing or entering costs none. Rows that gain
 * no changed user's entry and lose none are the previous rows, copied in blocks and renumbered.
 * New users must be among the changed (they have no previous list).
 */
import type { Arena } from "./arena.js";
import { UserQueries } from "./rank-users.js";
import type { EngineInput, NeighbourLists, UserIndex } from "./types.js";

export interface PreviousLists {
  /** The lists before the change, by the previous users' indices; k as the update's. */
  lists: NeighbourLists;
  /** newIndex[i]: the previous user i's index in the new input, -1 for a user no longer in it (users keep their
   *  order; new users go between). */
  newIndex: Int32Array;
}

export interface UpdatedLists {
  /** Every user's list, by the new input's indices. */
  lists: NeighbourLists;
  /** The users whose rows may differ from the previous ones (the changed, those queried again, and those whose list
   *  gained a changed user's entry or lost a changed or departed user's), ascending: what a store rewrites. Every
   *  other row is the previous one, renumbered. */
  rewritten: Uint32Array;
  /** Users queried alone: the changed and the requeried. */
  queried: number;
  /** The unchanged users queried again, their merged list not shown exact, ascending. */
  requeried: Uint32Array;
  /** Wall milliseconds: preparing the index, the queries (the changed users', then the re-queried), merging. */
  times: { prepare: number; queries: number; merge: number };
}

/** Throws (naming the value) on invalid input or k, a bad index in `newIndex` or `changed`, or a new user not among
 *  the changed. */
export function updateLists(
  input: EngineInput,
  k: number,
  previous: PreviousLists,
  changed: ArrayLike<UserIndex>,
  /** Where to prepare the index: a caller updating again and again passes one arena, reset before each call. `into`:
   *  lists of the new input's size (n users, k) to write the result into instead of new ones, such as the lists
   *  before the previous update, no longer needed: a live service then allocates nothing per update. */
  options: { arena?: Arena; into?: NeighbourLists } = {},
): UpdatedLists {
  // UserQueries checks the input and k before preparing the index; the update's own arguments are checked after it
  // (they need a valid user count), so that the input is validated once.
  let started = performance.now();
  const queries = new UserQueries(input, k, { everyNeighbour: changed.length > 0, arena: options.arena });
  const times = { prepare: performance.now() - started, queries: 0, merge: 0 };
  const n = input.userCount;
  const sourceCount = input.sources.length;
  const old = previous.lists;
  const { newIndex } = previous;
  if (old.k !== k) throw new RangeError(`the previous lists have k = ${old.k}, the update k = ${k}`);
  if (newIndex.length !== old.count.length) {
    throw new RangeError(`newIndex must have one entry per previous user (${old.count.length}), got ${newIndex.length}`);
  }
  const oldOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < newIndex.length; i++) {
    const v = newIndex[i];
    if (v < -1 || v >= n) throw new RangeError(`newIndex[${i}] must be -1 or a user index in 0..${n - 1}, got ${v}`);
    if (v >= 0) oldOf[v] = i;
  }
  const isChanged = new Uint8Array(n);
  for (let r = 0; r < changed.length; r++) {
    const c = changed[r];
    if (!Number.isInteger(c) || c < 0 || c >= n) throw new RangeError(`changed[${r}] must be a user index in 0..${n - 1}, got ${c}`);
    isChanged[c] = 1;
  }
  for (let v = 0; v < n; v++) {
    if (oldOf[v] === -1 && !isChanged[v]) throw new RangeError(`user ${v} is new but not among the changed users`);
  }

  // Every slot of every row is written below (copied whole, or merged and the rest emptied), so no fill is needed,
  // and lists handed in to be written over serve as well as new ones.
  const { into } = options;
  if (into === old) throw new RangeError("updateLists cannot write into the previous lists it reads");
  const out: NeighbourLists =
    into !== undefined && into.k === k && into.count.length === n && into.perSource.length === n * k * sourceCount
      ? { ...into, accumulations: 0 }
      : {
          k,
          count: new Uint32Array(n),
          neighbour: new Int32Array(n * k),
          score: new Float64Array(n * k),
          perSource: new Float64Array(n * k * sourceCount),
          accumulations: 0,
        };
  const rewritten = new Uint8Array(n);

  // Each changed user's row, and its entries for the unchanged users that could make their lists (a linked list
  // per user: head, then next).
  started = performance.now();
  const head = new Int32Array(n).fill(-1);
  const next: number[] = [];
  const addedId: number[] = [];
  const addedScore: number[] = [];
  const ids = new Int32Array(n);
  const scores = new Float64Array(n);
  let accumulations = 0;
  for (let c = 0; c < n; c++) {
    if (!isChanged[c]) continue;
    const { list, count } = queries.queryEvery(c, ids, scores);
    accumulations += list.accumulations;
    copyRow(list, 0, out, c, k, sourceCount);
    rewritten[c] = 1;
    for (let j = 0; j < count; j++) {
      const v = ids[j];
      if (isChanged[v]) continue;
      const o = oldOf[v];
      if (old.count[o] === k && scores[j] < old.score[o * k + k - 1]) continue;
      next.push(head[v]);
      head[v] = addedId.push(c) - 1;
      addedScore.push(scores[j]);
    }
  }
  times.queries = performance.now() - started;

  started = performance.now();
  const lost = copyUnchangedRows(old, newIndex, oldOf, isChanged, out, sourceCount);
  const again: number[] = [];
  const fromSlot = new Int32Array(k);
  const add: number[] = [];
  for (let v = 0; v < n; v++) {
    // Rows with no addition that lost no entry stay as copied.
    if (isChanged[v] || (head[v] === -1 && !lost[v])) continue;
    const o = oldOf[v];
    const base = o * k;
    const previousCount = old.count[o];
    add.length = 0;
    for (let e = head[v]; e !== -1; e = next[e]) add.push(e);
    add.sort((a, b) => (addedScore[a] !== addedScore[b] ? addedScore[b] - addedScore[a] : addedId[a] - addedId[b]));
    // M's top k into v's row: P's kept entries and the additions, both best first.
    let r = 0;
    let a = 0;
    let count = 0;
    let gained = false;
    while (count < k) {
      while (r < previousCount && (newIndex[old.neighbour[base + r]] < 0 || isChanged[newIndex[old.neighbour[base + r]]])) r++;
      if (r === previousCount && a === add.length) break;
      const slot = v * k + count;
      const takePrevious =
        a === add.length ||
        (r < previousCount && better(old.score[base + r], newIndex[old.neighbour[base + r]], addedScore[add[a]], addedId[add[a]]));
      if (takePrevious) {
        out.neighbour[slot] = newIndex[old.neighbour[base + r]];
        out.score[slot] = old.score[base + r];
        fromSlot[count++] = base + r++;
      } else {
        out.neighbour[slot] = addedId[add[a]];
        out.score[slot] = addedScore[add[a++]];
        fromSlot[count++] = -1;
        gained = true;
      }
    }
    if (previousCount === k) {
      const last = v * k + count - 1;
      const pScore = old.score[base + k - 1];
      const pId = newIndex[old.neighbour[base + k - 1]];
      const exact = count === k && (out.score[last] > pScore || (out.score[last] === pScore && out.neighbour[last] <= pId));
      if (!exact) {
        // Queried again below, which overwrites the whole row.
        again.push(v);
        continue;
      }
    }
    out.count[v] = count;
    if (gained || lost[v]) rewritten[v] = 1;
    // Past a shorter list, the copied row's entries go.
    out.neighbour.fill(-1, v * k + count, (v + 1) * k);
    out.score.fill(0, v * k + count, (v + 1) * k);
    out.perSource.fill(NaN, (v * k + count) * sourceCount, (v + 1) * k * sourceCount);
    if (gained) {
      queries.fillPerSource(v, out, v);
    } else {
      for (let e = 0; e < count; e++) {
        out.perSource.set(old.perSource.subarray(fromSlot[e] * sourceCount, (fromSlot[e] + 1) * sourceCount), (v * k + e) * sourceCount);
      }
    }
  }
  times.merge = performance.now() - started;

  started = performance.now();
  const requeried = queries.lists(again);
  accumulations += requeried.accumulations;
  again.forEach((v, q) => {
    copyRow(requeried, q, out, v, k, sourceCount);
    rewritten[v] = 1;
  });
  times.queries += performance.now() - started;

  out.accumulations = accumulations;
  let changedCount = 0;
  const rewrittenUsers: number[] = [];
  for (let v = 0; v < n; v++) {
    changedCount += isChanged[v];
    if (rewritten[v]) rewrittenUsers.push(v);
  }
  return {
    lists: out,
    rewritten: Uint32Array.from(rewrittenUsers),
    queried: changedCount + again.length,
    requeried: Uint32Array.from(again),
    times,
  };
}

/**
 * Every unchanged user's previous row into `out` at its new index, renumbered, the rows copied in blocks of users
 * whose indices all moved by the same amount; returns, per new user, 1 when its previous row held a changed or
 * departed user.
 */
function copyUnchangedRows(old: NeighbourLists, newIndex: Int32Array, oldOf: Int32Array, isChanged: Uint8Array,
  out: NeighbourLists, sourceCount: number): Uint8Array {
  const { k } = old;
  const n = oldOf.length;
  const lost = new Uint8Array(n);
  for (let v = 0; v < n; ) {
    if (isChanged[v]) {
      v++;
      continue;
    }
    const from = oldOf[v];
    let end = v + 1;
    while (end < n && !isChanged[end] && oldOf[end] === from + (end - v)) end++;
    const to = from + (end - v);
    out.count.set(old.count.subarray(from, to), v);
    out.neighbour.set(old.neighbour.subarray(from * k, to * k), v * k);
    out.score.set(old.score.subarray(from * k, to * k), v * k);
    out.perSource.set(old.perSource.subarray(from * k * sourceCount, to * k * sourceCount), v * k * sourceCount);
    for (; v < end; v++) {
      for (let slot = v * k, last = slot + out.count[v]; slot < last; slot++) {
        const w = newIndex[out.neighbour[slot]];
        out.neighbour[slot] = w;
        if (w < 0 || isChanged[w]) lost[v] = 1;
      }
    }
  }
  return lost;
}

/** (score a, index a) before (score b, index b) in the heaps' order. */
function better(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}

function copyRow(from: NeighbourLists, row: number, to: NeighbourLists, v: number, k: number, sourceCount: number): void {
  to.count[v] = from.count[row];
  to.neighbour.set(from.neighbour.subarray(row * k, (row + 1) * k), v * k);
  to.score.set(from.score.subarray(row * k, (row + 1) * k), v * k);
  to.perSource.set(from.perSource.subarray(row * k * sourceCount, (row + 1) * k * sourceCount), v * k * sourceCount);
}
