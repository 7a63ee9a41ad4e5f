/**
 * The computing half of live updates: the served run as this process holds it (every profile and the lists), and
 * bringing it forward over the users whose rows changed. No I/O: live-ranking.ts reads the rows and writes the
 * result inside its transaction. A server keeps it on a worker thread of its own (ThreadLiveEngine in
 * thread-live-engine.ts, running live-engine-thread.ts), so that its event loop goes on answering queries while a
 * batch is absorbed; a command runs it on its own thread. This module imports no thread machinery: it is what the
 * engine's thread runs.
 */
import type { Handle } from "../domain/handle.js";
import type { ProfileArrays } from "../profiles/load-profiles.js";
import { patchProfiles } from "../profiles/patch-profiles.js";
import type { SourceRow } from "../profiles/source-rows.js";
import { Arena } from "../similarity/arena.js";
import type { EngineInput, NeighbourLists } from "../similarity/types.js";
import { updateLists } from "../similarity/update-lists.js";
import { engineInput } from "./engine-input.js";
import type { RowChanges } from "./ranking-store.js";
import type { RunParameters } from "./run-parameters.js";

/** A served run's lists, exact for the data as of some event, and profiles equal to the stored data for every user
 *  no later event changed (which run and which event, live-ranking.ts keeps). */
export interface HeldRun {
  profiles: ProfileArrays;
  lists: NeighbourLists;
}

/** A proposed update's changes to the run's stored rows (a slot is written when its neighbour, score or any J
 *  changed), and the users whose list changed at all, ascending: what a subscriber hears of. */
export interface ProposedChanges extends RowChanges {
  users: Int32Array;
}

/** Profiles and lists after the changed users' rows were read again; `rewritten` indexes the rows that may differ. */
export interface Absorbed {
  profiles: ProfileArrays;
  lists: NeighbourLists;
  rewritten: Uint32Array;
  /** newIndex[i]: where previous user i went (-1: gone), as patchProfiles says. */
  newIndex: Int32Array;
}

/** When at least this share of the users changed, ranking everyone costs less than querying them (exact runs). */
const rankEveryoneFrom = 0.25;

/** Every user's exact lists (rankAllUsers on worker threads, or rankUsers on a thread that cannot start more). */
export type RankEveryone = (input: EngineInput, k: number, workers: number) => Promise<NeighbourLists>;

/**
 * `previous` brought forward over `handles` (users whose data changed), given all their new rows per source: exact
 * when the previous lists were. An approximate run's lists stay approximate, but the changed users' own lists are
 * exact.
 */
export async function absorb(
  previous: { profiles: ProfileArrays; lists: NeighbourLists },
  handles: readonly Handle[],
  rows: readonly SourceRow[][],
  parameters: RunParameters,
  rankEveryone: RankEveryone,
  reuse: { arena?: Arena; into?: NeighbourLists } = {},
): Promise<Absorbed> {
  const patched = patchProfiles(previous.profiles, handles, rows);
  const input = engineInput(patched.profiles, parameters.weights);
  if (parameters.method !== "approximate" && patched.changed.length >= rankEveryoneFrom * input.userCount) {
    const lists = await rankEveryone(input, parameters.top, parameters.workers);
    return { profiles: patched.profiles, lists, rewritten: Uint32Array.from({ length: input.userCount }, (_, i) => i), newIndex: patched.newIndex };
  }
  const updated = updateLists(input, parameters.top, { lists: previous.lists, newIndex: patched.newIndex }, patched.changed, reuse);
  return { profiles: patched.profiles, lists: updated.lists, rewritten: updated.rewritten, newIndex: patched.newIndex };
}

/** The slots of the rewritten users' rows that differ from `previous`'s (bit for bit: a score or J that changed in
 *  its last bit is written), by handle; what crosses to the store, and between threads. */
export function rowChanges(previous: HeldRun, { profiles, lists, rewritten, newIndex }: Absorbed): ProposedChanges {
  const { k } = lists;
  const sourceCount = profiles.sources.length;
  const before = previous.lists;
  const current = { profiles, lists };
  const newHandles = profiles.handles;
  const oldOf = new Int32Array(newHandles.length).fill(-1);
  newIndex.forEach((v, o) => {
    if (v >= 0) oldOf[v] = o;
  });
  const users: number[] = [];
  const written = { users: [] as number[], ranks: [] as number[], neighbours: [] as number[], scores: [] as number[], perSource: [] as number[] };
  const deleted = { users: [] as number[], ranks: [] as number[] };
  let rowDelta = 0;
  for (const u of rewritten) {
    const o = oldOf[u];
    const count = lists.count[u];
    const oldCount = o === -1 ? 0 : before.count[o];
    const handle = newHandles[u];
    let changed = count !== oldCount;
    for (let r = 0; r < count; r++) {
      const slot = u * k + r;
      if (r < oldCount && sameEntry(current, slot, previous, o * k + r)) continue;
      changed = true;
      written.users.push(handle);
      written.ranks.push(r + 1);
      written.neighbours.push(newHandles[lists.neighbour[slot]]);
      written.scores.push(lists.score[slot]);
      for (let s = 0; s < sourceCount; s++) written.perSource.push(lists.perSource[slot * sourceCount + s]);
    }
    for (let r = count; r < oldCount; r++) {
      deleted.users.push(handle);
      deleted.ranks.push(r + 1);
    }
    rowDelta += count - oldCount;
    if (changed) users.push(handle);
  }
  return {
    userCount: newHandles.length,
    rowDelta,
    users: Int32Array.from(users),
    written: {
      users: Int32Array.from(written.users), ranks: Int32Array.from(written.ranks), neighbours: Int32Array.from(written.neighbours),
      scores: Float64Array.from(written.scores), perSource: Float64Array.from(written.perSource),
    },
    deleted: { users: Int32Array.from(deleted.users), ranks: Int32Array.from(deleted.ranks) },
  };
}

/** Whether slot `a` of `x`'s lists and slot `b` of `y`'s hold the same entry: the same neighbour (by handle), score
 *  and J per source, bit for bit (NaN equal to NaN). */
function sameEntry(x: HeldRun, a: number, y: HeldRun, b: number): boolean {
  if (x.profiles.handles[x.lists.neighbour[a]] !== y.profiles.handles[y.lists.neighbour[b]]) return false;
  if (!Object.is(x.lists.score[a], y.lists.score[b])) return false;
  const sourceCount = x.profiles.sources.length;
  for (let s = 0; s < sourceCount; s++) {
    if (!Object.is(x.lists.perSource[a * sourceCount + s], y.lists.perSource[b * sourceCount + s])) return false;
  }
  return true;
}

/** The handles whose list differs between two held runs (a user in one only counts when its list there has an
 *  entry): what a subscriber hears of when the run was changed by another process. */
export function differingLists(before: HeldRun, after: HeldRun): Int32Array {
  const { k } = after.lists;
  const oldIndex = new Map<Handle, number>();
  before.profiles.handles.forEach((h, i) => oldIndex.set(h, i));
  const differing: Handle[] = [];
  const seen = new Set<Handle>();
  after.profiles.handles.forEach((handle, u) => {
    seen.add(handle);
    const o = oldIndex.get(handle);
    const count = after.lists.count[u];
    if (o === undefined || before.lists.k !== k || before.lists.count[o] !== count) {
      if (count > 0 || (o !== undefined && before.lists.count[o] > 0)) differing.push(handle);
      return;
    }
    for (let r = 0; r < count; r++) {
      if (!sameEntry(after, u * k + r, before, o * k + r)) {
        differing.push(handle);
        return;
      }
    }
  });
  before.profiles.handles.forEach((handle, o) => {
    if (!seen.has(handle) && before.lists.count[o] > 0) differing.push(handle);
  });
  return Int32Array.from(differing).sort();
}

/** Where the held run lives and is brought forward. A proposal is kept by settle(true) once the caller committed it,
 *  dropped by settle(false). */
export interface LiveEngine {
  /** Holds `run` from now on; the handles whose list in it differs from the run held before (none when none was). */
  hold(run: HeldRun): Promise<Int32Array>;
  /** The held run brought forward over `handles`, proposed: what changes in its stored rows. */
  propose(handles: readonly Handle[], rows: readonly SourceRow[][], parameters: RunParameters): Promise<ProposedChanges>;
  settle(commit: boolean): Promise<void>;
  close(): Promise<void>;
}

/** On the calling thread. */
export class LocalLiveEngine implements LiveEngine {
  private run: HeldRun | null = null;
  private proposed: HeldRun | null = null;
  /** One arena for every update's index, reset before each: its pages stay mapped (arena.ts, reset). */
  private readonly arena = new Arena();
  /** Lists no longer held (the run's before the last update, or a dropped proposal's), written over by the next. */
  private spare: NeighbourLists | undefined;

  constructor(private readonly rankEveryone: RankEveryone) {}

  async hold(run: HeldRun) {
    const before = this.run;
    this.run = run;
    this.proposed = null;
    this.spare = undefined;
    return before ? differingLists(before, run) : new Int32Array(0);
  }

  async propose(handles: readonly Handle[], rows: readonly SourceRow[][], parameters: RunParameters) {
    if (!this.run) throw new Error("no run is held: hold() one before proposing an update");
    this.arena.reset();
    const absorbed = await absorb(this.run, handles, rows, parameters, this.rankEveryone, { arena: this.arena, into: this.spare });
    this.spare = undefined;
    this.proposed = { profiles: absorbed.profiles, lists: absorbed.lists };
    return rowChanges(this.run, absorbed);
  }

  async settle(commit: boolean) {
    if (commit && this.proposed) {
      this.spare = this.run?.lists;
      this.run = this.proposed;
    } else {
      this.spare = this.proposed?.lists;
    }
    this.proposed = null;
  }

  async close() {
    this.run = null;
    this.proposed = null;
  }
}

/** A request to the engine's thread and its answer (live-engine-thread.ts). */
export type EngineOp =
  | { op: "hold"; run: HeldRun }
  | { op: "propose"; handles: readonly Handle[]; rows: readonly SourceRow[][]; parameters: RunParameters }
  | { op: "settle"; commit: boolean };
export type EngineRequest = { id: number } & EngineOp;
export type EngineReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string; stack?: string });
