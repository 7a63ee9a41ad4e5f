/**
 * Live updates: a batch of events is stored and the served run's rows brought up to date in ONE transaction, so a
 * reader sees a user's old list or its new one, never a mix, and a failed batch leaves both as they were.
 *
 * The served run stays what a full exact run of the data would store, bit for bit: the changed users' rows are read
 * again and the live engine (live-engine.ts) patches them into everyone's profiles and brings the lists forward with
 * updateLists (src/similarity), which queries the changed users against everyone and re-queries only the users whose
 * lists they could have altered. The engine holds every profile and the served lists between batches; another
 * process that changed the run (a full run, `npm run ingest`) shows in the run's `events.through`, and the profiles
 * and lists are then read back from the store.
 *
 * Which events a run reflects: every event up to `events.through` and none after. A full run notes the last event
 * before it loads (it may see a few later ones too: they are read again), and absorbs every event committed while
 * it computed in the transaction that completes it (completeAbsorbing), so none is lost. A run ranked with idf is
 * never updated: each event changes document frequencies and so every user's weights; its events wait for the next
 * full run.
 */
import type { Handle } from "../domain/handle.js";
import { type ActivityEvent, EventError, type EventRecorder, type ListsChange, type RawEvent, type RecordedBatch } from "../events/activity-event.js";
import { checkEvents } from "../events/check-events.js";
import type { ChangedUsers, EventStore } from "../events/event-store.js";
import { loadProfileArrays, type ProfileArrays } from "../profiles/load-profiles.js";
import { rowsOfUsers, type SqlRunner } from "../profiles/source-rows.js";
import { allocateLists } from "../similarity/rank-users.js";
import type { NeighbourLists } from "../similarity/types.js";
import { rankAllUsers } from "../similarity/rank-all-users.js";
import { absorb, type LiveEngine, LocalLiveEngine, type RankEveryone } from "./live-engine.js";
import type { CompletedRun, RankingStore, RunEvents, RunUpdates, ServedRun } from "./ranking-store.js";

/** What live updates write through: every store on one connection, and that connection's write transaction. */
export interface LiveStores {
  events: EventStore;
  profiles: SqlRunner;
  rankings: RankingStore & RunUpdates;
  /** Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Inside a transaction: `work`'s writes kept when it resolves, undone (and the error rethrown) when it throws. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

/** A batch waiting for the next group commit. */
interface Pending {
  events: readonly ActivityEvent[];
  resolve(batch: RecordedBatch): void;
  reject(error: unknown): void;
}

/** Most events one group commit takes: past it, the rest wait for the next, so one commit stays short. */
const groupEvents = 5000;

/** The run's stored rows as lists over `profiles`' users; `unknown` holds the users whose list names a neighbour
 *  `profiles` lacks (the data changed under the run, a seed since): they must be queried again. */
async function storedLists(rankings: RankingStore, run: ServedRun, profiles: ProfileArrays): Promise<{ lists: NeighbourLists; unknown: Handle[] }> {
  const k = run.parameters.top;
  const sourceCount = profiles.sources.length;
  const indexOf = new Map<Handle, number>();
  profiles.handles.forEach((h, i) => indexOf.set(h, i));
  const lists = allocateLists(profiles.handles.length, k, sourceCount);
  const unknown = new Set<Handle>();
  for await (const row of rankings.allNeighbours(run.id)) {
    const user = indexOf.get(row.userHandle);
    const neighbour = indexOf.get(row.neighbourHandle);
    if (user === undefined || neighbour === undefined || row.rank > k) {
      unknown.add(row.userHandle);
      continue;
    }
    const slot = user * k + row.rank - 1;
    lists.count[user] = Math.max(lists.count[user], row.rank);
    lists.neighbour[slot] = neighbour;
    lists.score[slot] = row.score;
    [row.interests, row.courses, row.assessments].forEach((j, s) => (lists.perSource[slot * sourceCount + s] = j ?? NaN));
  }
  return { lists, unknown: [...unknown].filter((h) => indexOf.has(h)) };
}

/** Ranking everyone on the run's worker threads. */
const rankOnWorkers: RankEveryone = (input, k, workers) => rankAllUsers(input, k, { workers });

const union = (a: readonly Handle[], b: readonly Handle[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

/**
 * The events recorder of one process: checks each batch, then stores it and updates the served run in one
 * transaction. Batches that arrive while one commits wait, and the next commit takes them all (a group commit):
 * each is stored under a savepoint of its own, so a refused batch leaves the others in, and the run is brought
 * forward once for the group. Batches keep their arrival order. Listeners hear of the users whose rows changed
 * after the commit.
 */
export class LiveRanking implements EventRecorder {
  /** Which run the engine holds, and the last event its lists reflect; null when it holds none as a run's own. */
  private held: { runId: number; through: number } | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly listeners = new Set<(change: ListsChange) => void>();

  constructor(
    private readonly stores: LiveStores,
    /** The ranking name whose served run absorbs the events. */
    readonly name: string,
    /** Where the held run is kept and brought forward; default this thread. */
    private readonly engine: LiveEngine = new LocalLiveEngine(rankOnWorkers),
    private readonly now: () => number = Date.now,
  ) {}

  record(raw: readonly RawEvent[]): Promise<RecordedBatch> {
    return this.recordChecked(checkEvents(raw));
  }

  /** Stores already checked events (the ingest's rows) the same way. */
  recordChecked(events: readonly ActivityEvent[]): Promise<RecordedBatch> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      void this.serially(() => this.commitPending());
    });
  }

  onChange(listener: (change: ListsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the served run's lists and every profile now, unless the engine holds them already, so that the next
   *  batch does not wait for them. Listeners hear of the lists that differ from the run held before (a full run, or
   *  another process's events). Between batches only (serially): inside a batch's transaction the store's connection
   *  would see the run that batch is writing, not yet held. */
  warm(): Promise<void> {
    return this.serially(async () => {
      const run = await this.stores.rankings.servedRun(this.name);
      if (!run || run.parameters.idf || this.holds(run)) return;
      const { differing } = await this.reload(run);
      if (differing.length > 0) this.emit({ runId: run.id, revision: run.events.revision, handles: Array.from(differing) });
    });
  }

  /**
   * Every profile and the run's lists into the engine (reads that need no transaction: the run's events.through
   * says which events the lists reflect, and the profiles reflect at least those). A run whose lists name users the
   * data lacks (a seed since) is not held as the run's own: `unknown`, those users, must be queried again, which
   * the next batch does when it reads the run again. `differing`: the lists that differ from the run held before.
   */
  private async reload(run: ServedRun): Promise<{ unknown: Handle[]; differing: Int32Array }> {
    this.held = null;
    const profiles = await loadProfileArrays(this.stores.profiles, { idf: false });
    const { lists, unknown } = await storedLists(this.stores.rankings, run, profiles);
    const differing = await this.engine.hold({ profiles, lists });
    if (unknown.length === 0) this.held = { runId: run.id, through: run.events.through };
    return { unknown, differing };
  }

  private emit(change: ListsChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** Stops the engine (its thread, if it has one). */
  close(): Promise<void> {
    return this.serially(() => this.engine.close());
  }

  /**
   * Looks for a newly served run (a full run), or the served one changed by another process (`npm run ingest`),
   * every `everyMs`, and loads it in the background (warm), so that the next batch does not wait for every profile.
   * Returns the function that stops looking.
   */
  follow(everyMs: number, onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => this.warm().catch(onError), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private holds(run: ServedRun): boolean {
    return this.held !== null && this.held.runId === run.id && this.held.through === run.events.through;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => {});
    return result;
  }

  /** One group commit of the batches waiting now (up to groupEvents events; the rest schedule another). */
  private async commitPending(): Promise<void> {
    let taken = 0;
    let count = 0;
    while (count < this.pending.length && (count === 0 || taken + this.pending[count].events.length <= groupEvents)) {
      taken += this.pending[count++].events.length;
    }
    const group = this.pending.splice(0, count);
    this.scheduled = this.pending.length > 0;
    if (this.scheduled) void this.serially(() => this.commitPending());
    try {
      const { refused, outcome } = await this.apply(group.map((p) => p.events));
      group.forEach((p, i) => {
        const error = refused.get(i);
        if (error) p.reject(error);
        else p.resolve({ events: [...p.events], duplicates: outcome.duplicates[i], run: outcome.run, changed: outcome.changed });
      });
      if (outcome.run && outcome.changed.length > 0) this.emit({ runId: outcome.run.id, revision: outcome.run.revision, handles: outcome.changed });
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }

  /** Stores the batches (each under a savepoint: a refused one is left out) and brings the run forward, in one
   *  transaction; the refused batches' errors by index. */
  private async apply(batches: readonly (readonly ActivityEvent[])[]) {
    const recordedAt = new Date(this.now());
    const refused = new Map<number, EventError>();
    let proposed: { runId: number; through: number } | null = null;
    const transaction = this.stores.transaction(async () => {
      const duplicates: number[] = [];
      for (const [i, events] of batches.entries()) {
        try {
          duplicates.push((await this.stores.savepoint(() => this.stores.events.append(events, recordedAt))).duplicates);
        } catch (error) {
          if (!(error instanceof EventError)) throw error;
          refused.set(i, error);
          duplicates.push(0);
        }
      }
      const none = { duplicates, changed: [] as Handle[] };
      const run = await this.stores.rankings.servedRun(this.name);
      if (!run) return { ...none, run: null };
      const since = await this.stores.events.changedSince(run.events.through);
      if (run.parameters.idf || since.events === 0) return { ...none, run: revisionOf(run.id, run.events) };
      const { handles, reloaded } = await this.bringForward(run, since);
      const rows = await rowsOfUsers(this.stores.profiles, handles);
      proposed = { runId: run.id, through: since.through };
      const update = await this.engine.propose(handles, rows, run.parameters);
      const runEvents: RunEvents = { through: since.through, revision: run.events.revision + since.events, lastEventAt: since.lastAt };
      await this.stores.rankings.updateRun({ runId: run.id, ...update, events: runEvents });
      return { duplicates, run: revisionOf(run.id, runEvents), changed: union(Array.from(update.users), Array.from(reloaded)) };
    });
    let outcome;
    try {
      outcome = await transaction;
    } catch (error) {
      if (proposed) await this.engine.settle(false);
      throw error;
    }
    if (proposed) {
      await this.engine.settle(true);
      this.held = proposed;
    }
    return { refused, outcome };
  }

  /** Makes the engine hold the run's lists as of its last event, and says which users to absorb into them: those
   *  changed since. When the engine holds another run, or this one before another process changed it, every profile
   *  and the run's rows are read again (a seed may have replaced the data under the previous run without an event;
   *  follow() does this in the background, so a batch seldom waits for it). */
  private async bringForward(run: ServedRun, since: ChangedUsers): Promise<{ handles: Handle[]; reloaded: Int32Array }> {
    if (this.holds(run)) return { handles: since.handles, reloaded: new Int32Array(0) };
    // The lists that differ from the run held before: the batch's listeners hear of them too.
    const { unknown, differing } = await this.reload(run);
    return { handles: union(since.handles, unknown), reloaded: differing };
  }
}

function revisionOf(id: number, events: RunEvents): NonNullable<RecordedBatch["run"]> {
  return { id, revision: events.revision, lastEventAt: events.lastEventAt };
}

/**
 * Completes a full run after absorbing the events committed since `eventsAtLoad` (the last event before its load),
 * in the one transaction that completes it: events wait for the commit, and none is lost. A run with idf completes
 * as loaded (its events wait for the next run, as above). Without live stores (PostgreSQL) there are no events.
 */
export async function completeAbsorbing(
  { rankings, live }: { rankings: RankingStore; live?: LiveStores | null },
  completed: Omit<CompletedRun, "events">,
  profiles: ProfileArrays,
  eventsAtLoad: number,
  now: () => number,
): Promise<{ rowCount: number; writeMs: number; userCount: number; events: RunEvents }> {
  const asLoaded: RunEvents = { through: eventsAtLoad, revision: 0, lastEventAt: null };
  if (!live) {
    return { ...(await rankings.completeRun({ ...completed, events: asLoaded }, now)), userCount: completed.handles.length, events: asLoaded };
  }
  return live.transaction(async () => {
    const since = await live.events.changedSince(eventsAtLoad);
    let { handles, lists } = completed;
    let events = asLoaded;
    if (since.events > 0 && !completed.parameters.idf) {
      const rows = await rowsOfUsers(live.profiles, since.handles);
      const absorbed = await absorb({ profiles, lists }, since.handles, rows, completed.parameters, rankOnWorkers);
      ({ handles } = absorbed.profiles);
      lists = absorbed.lists;
      events = { through: since.through, revision: since.events, lastEventAt: since.lastAt };
    }
    const written = await live.rankings.completeRun({ ...completed, handles, lists, events }, now);
    return { ...written, userCount: handles.length, events };
  });
}

/** The last event before a full run loads its profiles (0 without live stores). */
export async function eventsBeforeLoad(live: LiveStores | null | undefined): Promise<number> {
  return live ? live.events.lastEvent() : 0;
}
