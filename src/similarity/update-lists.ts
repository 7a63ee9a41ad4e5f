/**
 * Every user's exact lists after some users' profiles changed (new follows, views or assessments, new users),
 * without ranking everyone again: the lists a full run of the new input would give, bit for bit.
 *
 * Only pairs with a changed user c have new scores. One query of c against everyone (every neighbour kept) gives
 * S(c, v) for every v, bit for bit S(v, c) (ranker.ts). Then, for an unchanged user v:
 * - if v's previous list held a changed user, that entry's score may have fallen, and the user after v's k-th,
 *   never stored, might now belong in the list: v is queried alone again;
 * - otherwise v's previous list is the top k of v's pairs with unchanged users (the top k of all its pairs held
 *   none of the changed), whose scores did not change, so v's new list is the top k of that list and the changed
 *   users' entries for v, in the heaps' order (higher score first, equal scores to the smaller index).
 * Changed users are queried alone. New users must be among the changed (they have no previous list).
 */
import { allocateLists, UserQueries } from "./rank-users.js";
import type { EngineInput, NeighbourLists, UserIndex } from "./types.js";
import { validateInput } from "./validate.js";

export interface PreviousLists {
  /** The lists before the change, by the previous users' indices; k as the update's. */
  lists: NeighbourLists;
  /** newIndex[i]: the previous user i's index in the new input (users keep their order; new users go between). */
  newIndex: Int32Array;
}

export interface UpdatedLists {
  /** Every user's list, by the new input's indices. */
  lists: NeighbourLists;
  /** The users whose rows may differ from the previous ones (queried again, or with a changed user's entry in
   *  their top k), ascending: what a store rewrites. Every other row is the previous one, renumbered. */
  rewritten: Uint32Array;
  /** Users queried alone: the changed and those whose previous list held one. */
  queried: number;
}

/** One entry of a merged row: neighbour index, score, per-source J. */
interface Entry {
  id: number;
  score: number;
  perSource: Float64Array;
}

/** Throws (naming the value) on a changed index out of range, or a new user not among the changed. */
export function updateLists(input: EngineInput, k: number, previous: PreviousLists, changed: ArrayLike<UserIndex>): UpdatedLists {
  validateInput(input, k);
  const n = input.userCount;
  const sourceCount = input.sources.length;
  const old = previous.lists;
  if (old.k !== k) throw new RangeError(`the previous lists have k = ${old.k}, the update k = ${k}`);
  const oldOf = new Int32Array(n).fill(-1);
  previous.newIndex.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new RangeError(`newIndex[${i}] must be a user index in 0..${n - 1}, got ${v}`);
    oldOf[v] = i;
  });
  const isChanged = new Uint8Array(n);
  for (let r = 0; r < changed.length; r++) {
    const c = changed[r];
    if (!Number.isInteger(c) || c < 0 || c >= n) throw new RangeError(`changed[${r}] must be a user index in 0..${n - 1}, got ${c}`);
    isChanged[c] = 1;
  }
  for (let v = 0; v < n; v++) {
    if (oldOf[v] === -1 && !isChanged[v]) throw new RangeError(`user ${v} is new but not among the changed users`);
  }

  const again = Uint8Array.from(isChanged);
  for (let v = 0; v < n; v++) {
    const o = oldOf[v];
    if (isChanged[v] || o === -1) continue;
    for (let r = 0; r < old.count[o]; r++) {
      if (isChanged[previous.newIndex[old.neighbour[o * k + r]]]) {
        again[v] = 1;
        break;
      }
    }
  }

  // The changed users' entries for every user kept: each changed user's whole list (every neighbour it has).
  const everyone = new UserQueries(input, Math.max(n - 1, 1));
  const additions = new Map<number, Entry[]>();
  let accumulations = 0;
  for (let r = 0; r < changed.length; r++) {
    const c = changed[r];
    const whole = everyone.lists([c]);
    accumulations += whole.accumulations;
    for (let j = 0; j < whole.count[0]; j++) {
      const v = whole.neighbour[j];
      if (again[v]) continue;
      const entry = { id: c, score: whole.score[j], perSource: whole.perSource.slice(j * sourceCount, (j + 1) * sourceCount) };
      const list = additions.get(v);
      if (list) list.push(entry);
      else additions.set(v, [entry]);
    }
  }

  const queriedUsers = Uint32Array.from({ length: n }, (_, v) => v).filter((v) => again[v]);
  const queried = new UserQueries(input, k).lists(queriedUsers);
  accumulations += queried.accumulations;

  const out = allocateLists(n, k, sourceCount);
  out.accumulations = accumulations;
  const rewritten: number[] = [];
  let q = 0;
  for (let v = 0; v < n; v++) {
    if (again[v]) {
      copyRow(queried, q++, out, v, k, sourceCount);
      rewritten.push(v);
      continue;
    }
    const o = oldOf[v];
    const added = additions.get(v);
    if (!added) {
      // The previous row as it was, renumbered.
      copyRow(old, o, out, v, k, sourceCount);
      for (let r = 0; r < old.count[o]; r++) out.neighbour[v * k + r] = previous.newIndex[old.neighbour[o * k + r]];
      continue;
    }
    const entries: Entry[] = [];
    for (let r = 0; r < old.count[o]; r++) {
      const slot = o * k + r;
      entries.push({
        id: previous.newIndex[old.neighbour[slot]],
        score: old.score[slot],
        perSource: old.perSource.subarray(slot * sourceCount, (slot + 1) * sourceCount),
      });
    }
    entries.push(...added);
    entries.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.id - b.id));
    // Rewritten only when a changed user's entry made the top k (the previous entries hold no changed user).
    if (entries.slice(0, k).some((e) => isChanged[e.id])) rewritten.push(v);
    const count = Math.min(k, entries.length);
    out.count[v] = count;
    for (let r = 0; r < count; r++) {
      const slot = v * k + r;
      out.neighbour[slot] = entries[r].id;
      out.score[slot] = entries[r].score;
      out.perSource.set(entries[r].perSource, slot * sourceCount);
    }
  }
  return { lists: out, rewritten: Uint32Array.from(rewritten), queried: queriedUsers.length };
}

function copyRow(from: NeighbourLists, row: number, to: NeighbourLists, v: number, k: number, sourceCount: number): void {
  to.count[v] = from.count[row];
  to.neighbour.set(from.neighbour.subarray(row * k, (row + 1) * k), v * k);
  to.score.set(from.score.subarray(row * k, (row + 1) * k), v * k);
  to.perSource.set(from.perSource.subarray(row * k * sourceCount, (row + 1) * k * sourceCount), v * k * sourceCount);
}
