/**
 * Live updates: a batch of events is stored and the served run's rows brought up to date in ONE transaction, so a
 * reader sees a user's old list or its new one, never a mix, and a failed batch leaves both as they were.
 *
 * The served run stays what a full exact run of the data would store, bit for bit: the changed users' profiles are
 * read again, their tag sets patched into the others' (patchProfiles), and updateLists (src/similarity) queries the
 * changed users against everyone and re-queries only the users whose lists they could have altered. The process
 * keeps every user's profile and the served lists in memory between batches (LiveState); another process that
 * changed the run (a full run, `npm run ingest`) shows in the run's `events.through`, and the lists are then read
 * back from the store.
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
import { patchProfiles } from "../profiles/patch-profiles.js";
import { sources } from "../profiles/source.js";
import { type SqlRunner, sourceRows } from "../profiles/source-rows.js";
import { rankAllUsers } from "../similarity/rank-all-users.js";
import { allocateLists } from "../similarity/rank-users.js";
import type { NeighbourLists } from "../similarity/types.js";
import { updateLists } from "../similarity/update-lists.js";
import { engineInput } from "./engine-input.js";
import type { CompletedRun, RankingStore, RunEvents, RunUpdates, ServedRun } from "./ranking-store.js";
import type { RunParameters } from "./run-parameters.js";

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

/** The served run as this process holds it: lists exact for the data through `through`; profiles equal to the
 *  stored data for every user no event after `through` changed. */
interface LiveState {
  runId: number;
  through: number;
  profiles: ProfileArrays;
  lists: NeighbourLists;
}

/** Profiles and lists after the changed users' rows were read again; `rewritten` indexes the rows that may differ. */
interface Absorbed {
  profiles: ProfileArrays;
  lists: NeighbourLists;
  rewritten: Uint32Array;
}

/** A batch waiting for the next group commit. */
interface Pending {
  events: readonly ActivityEvent[];
  resolve(batch: RecordedBatch): void;
  reject(error: unknown): void;
}

/** Most events one group commit takes: past it, the rest wait for the next, so one commit stays short. */
const groupEvents = 5000;

/** When at least this share of the users changed, ranking everyone costs less than querying them (exact runs). */
const rankEveryoneFrom = 0.25;

/**
 * The previous lists and profiles brought forward over `handles` (users whose data changed): exact when the previous
 * lists were. An approximate run's lists stay approximate, but the changed users' own lists become exact.
 */
async function absorb(
  profilesStore: SqlRunner,
  previous: { profiles: ProfileArrays; lists: NeighbourLists },
  handles: readonly Handle[],
  parameters: RunParameters,
): Promise<Absorbed> {
  const rows = await Promise.all(sources.map((source) => sourceRows(profilesStore, source, handles)));
  const patched = patchProfiles(previous.profiles, handles, rows);
  const input = engineInput(patched.profiles, parameters.weights);
  if (parameters.method !== "approximate" && patched.changed.length >= rankEveryoneFrom * input.userCount) {
    const lists = await rankAllUsers(input, parameters.top, { workers: parameters.workers });
    return { profiles: patched.profiles, lists, rewritten: Uint32Array.from({ length: input.userCount }, (_, i) => i) };
  }
  const updated = updateLists(input, parameters.top, { lists: previous.lists, newIndex: patched.newIndex }, patched.changed);
  return { profiles: patched.profiles, lists: updated.lists, rewritten: updated.rewritten };
}

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

const union = (a: readonly Handle[], b: readonly Handle[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

/**
 * The events recorder of one process: checks each batch, then stores it and updates the served run in one
 * transaction. Batches that arrive while one commits wait, and the next commit takes them all (a group commit):
 * each is stored under a savepoint of its own, so a refused batch leaves the others in, and the run is brought
 * forward once for the group. Batches keep their arrival order. Listeners hear of the users whose rows changed
 * after the commit.
 */
export class LiveRanking implements EventRecorder {
  private state: LiveState | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly listeners = new Set<(change: ListsChange) => void>();

  constructor(
    private readonly stores: LiveStores,
    /** The ranking name whose served run absorbs the events. */
    readonly name: string,
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

  /** Loads the served run's lists and every profile now, so that the first batch does not wait for them. */
  warm(): Promise<void> {
    return this.serially(async () => {
      const run = await this.stores.rankings.servedRun(this.name);
      if (!run || run.parameters.idf) return;
      const profiles = await loadProfileArrays(this.stores.profiles, { idf: false });
      const { lists, unknown } = await storedLists(this.stores.rankings, run, profiles);
      // A run that names users the data lacks is brought forward inside the first batch's transaction instead.
      this.state = unknown.length === 0 ? { runId: run.id, through: run.events.through, profiles, lists } : null;
    });
  }

  /**
   * Looks for a newly served run every `everyMs` and loads it in the background (warm), so that the first batch
   * after a full run does not wait for every profile. Returns the function that stops looking.
   */
  follow(everyMs: number, onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => {
      void this.stores.rankings.servedRun(this.name).then(async (run) => {
        if (run && !run.parameters.idf && this.state?.runId !== run.id) await this.warm();
      }).catch(onError);
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
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
      if (outcome.run && outcome.changed.length > 0) {
        const change: ListsChange = { runId: outcome.run.id, revision: outcome.run.revision, handles: outcome.changed };
        for (const listener of this.listeners) listener(change);
      }
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }

  /** Stores the batches (each under a savepoint: a refused one is left out) and brings the run forward, in one
   *  transaction; the refused batches' errors by index. */
  private async apply(batches: readonly (readonly ActivityEvent[])[]) {
    const recordedAt = new Date(this.now());
    const refused = new Map<number, EventError>();
    let next: LiveState | null = null;
    const outcome = await this.stores.transaction(async () => {
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
      const { state, handles } = await this.bringForward(run, since);
      const absorbed = await absorb(this.stores.profiles, state, handles, run.parameters);
      const runEvents: RunEvents = { through: since.through, revision: run.events.revision + since.events, lastEventAt: since.lastAt };
      await this.stores.rankings.updateRun({ runId: run.id, handles: absorbed.profiles.handles, lists: absorbed.lists, rewritten: absorbed.rewritten, events: runEvents });
      next = { runId: run.id, through: since.through, profiles: absorbed.profiles, lists: absorbed.lists };
      return { duplicates, run: revisionOf(run.id, runEvents), changed: Array.from(absorbed.rewritten, (i) => absorbed.profiles.handles[i]) };
    });
    this.state = next;
    return { refused, outcome };
  }

  /** The state the run's lists are exact for, and the users to absorb into it: those changed since the run's last
   *  event. Held state serves when it is the run's own at the run's last event; otherwise the lists are read back. */
  private async bringForward(run: ServedRun, since: ChangedUsers): Promise<{ state: LiveState; handles: Handle[] }> {
    const held = this.state;
    if (held && held.runId === run.id && held.through === run.events.through) return { state: held, handles: since.handles };
    let profiles: ProfileArrays;
    // The same run changed by another process: only the users of the events since hold new rows. A new run: every
    // profile is read again, since a seed may have replaced the data under the previous one without an event.
    if (held && held.runId === run.id) {
      const changed = await this.stores.events.changedSince(held.through);
      const rows = await Promise.all(sources.map((source) => sourceRows(this.stores.profiles, source, changed.handles)));
      profiles = patchProfiles(held.profiles, changed.handles, rows).profiles;
    } else {
      profiles = await loadProfileArrays(this.stores.profiles, { idf: false });
    }
    const { lists, unknown } = await storedLists(this.stores.rankings, run, profiles);
    return { state: { runId: run.id, through: run.events.through, profiles, lists }, handles: union(since.handles, unknown) };
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
  if (!live) {
    const events: RunEvents = { through: eventsAtLoad, revision: 0, lastEventAt: null };
    return { ...(await rankings.completeRun({ ...completed, events }, now)), userCount: completed.handles.length, events };
  }
  return live.transaction(async () => {
    const since = await live.events.changedSince(eventsAtLoad);
    let { handles, lists } = completed;
    let events: RunEvents = { through: eventsAtLoad, revision: 0, lastEventAt: null };
    if (since.events > 0 && !completed.parameters.idf) {
      const absorbed = await absorb(live.profiles, { profiles, lists }, since.handles, completed.parameters);
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
