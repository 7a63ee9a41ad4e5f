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
import { allocateLists } from "../similarity/rank-users.js";
import type { EngineInput, NeighbourLists } from "../similarity/types.js";
import { updateLists } from "../similarity/update-lists.js";
import { engineInput } from "./engine-input.js";
import type { RunParameters } from "./run-parameters.js";

/** A served run's lists, exact for the data through event `through`, and profiles equal to the stored data for every
 *  user no event after `through` changed. */
export interface HeldRun {
  runId: number;
  through: number;
  profiles: ProfileArrays;
  lists: NeighbourLists;
}

/** The rows a run's update rewrites: row r of `rows` is user rewritten[r] of `handles` (the users after the update),
 *  its neighbours indices into `handles`. */
export interface RewrittenRows {
  handles: Int32Array;
  rewritten: Uint32Array;
  rows: NeighbourLists;
}

/** Profiles and lists after the changed users' rows were read again; `rewritten` indexes the rows that may differ. */
export interface Absorbed {
  profiles: ProfileArrays;
  lists: NeighbourLists;
  rewritten: Uint32Array;
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
    return { profiles: patched.profiles, lists, rewritten: Uint32Array.from({ length: input.userCount }, (_, i) => i) };
  }
  const updated = updateLists(input, parameters.top, { lists: previous.lists, newIndex: patched.newIndex }, patched.changed, reuse);
  return { profiles: patched.profiles, lists: updated.lists, rewritten: updated.rewritten };
}

/** The rewritten users' rows alone (what crosses to the store, and between threads). */
export function rewrittenRows({ profiles, lists, rewritten }: Absorbed): RewrittenRows {
  const { k } = lists;
  const sourceCount = lists.perSource.length / Math.max(lists.neighbour.length, 1);
  const rows = allocateLists(rewritten.length, k, profiles.sources.length);
  rewritten.forEach((user, r) => {
    rows.count[r] = lists.count[user];
    rows.neighbour.set(lists.neighbour.subarray(user * k, (user + 1) * k), r * k);
    rows.score.set(lists.score.subarray(user * k, (user + 1) * k), r * k);
    rows.perSource.set(lists.perSource.subarray(user * k * sourceCount, (user + 1) * k * sourceCount), r * k * sourceCount);
  });
  return { handles: profiles.handles, rewritten, rows };
}

/** Where the held run lives and is brought forward. A proposal is kept by settle(true) once the caller committed it,
 *  dropped by settle(false). */
export interface LiveEngine {
  /** The held run's id and last event; null when none is held. */
  held(): Promise<{ runId: number; through: number } | null>;
  hold(run: HeldRun): Promise<void>;
  /** The held run brought forward over `handles` to event `through`, proposed: its rewritten rows. */
  propose(handles: readonly Handle[], rows: readonly SourceRow[][], parameters: RunParameters, through: number): Promise<RewrittenRows>;
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

  async held() {
    return this.run && { runId: this.run.runId, through: this.run.through };
  }

  async hold(run: HeldRun) {
    this.run = run;
    this.proposed = null;
    this.spare = undefined;
  }

  async propose(handles: readonly Handle[], rows: readonly SourceRow[][], parameters: RunParameters, through: number) {
    if (!this.run) throw new Error("no run is held: hold() one before proposing an update");
    this.arena.reset();
    const absorbed = await absorb(this.run, handles, rows, parameters, this.rankEveryone, { arena: this.arena, into: this.spare });
    this.spare = undefined;
    this.proposed = { runId: this.run.runId, through, profiles: absorbed.profiles, lists: absorbed.lists };
    return rewrittenRows(absorbed);
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
  | { op: "held" }
  | { op: "hold"; run: HeldRun }
  | { op: "propose"; handles: readonly Handle[]; rows: readonly SourceRow[][]; parameters: RunParameters; through: number }
  | { op: "settle"; commit: boolean };
export type EngineRequest = { id: number } & EngineOp;
export type EngineReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string; stack?: string });
