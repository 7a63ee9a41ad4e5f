import { canBeStored, type Handle, parseHandle } from "../domain/handle.js";
import type { NeighbourRow, ServedRun } from "./ranking-store.js";

// The one "neighbours of a handle" use case, shared by GraphQL, REST and `npm run similar`. Its failures are typed
// values carrying what a message needs; each caller words them its own way (a GraphQL code, an HTTP status, a `! …`
// line), so the rules live here once and the wording stays where the user reads it.

/** The text given as a handle is not one (see parseHandle). */
export class MalformedHandle extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a handle`);
  }
}

/** No user has the handle; `text` is the handle as the caller wrote it. */
export class UnknownUser extends Error {
  constructor(
    readonly handle: Handle,
    readonly text: string,
  ) {
    super(`no user with handle ${text}`);
  }
}

/** `limit` is not an integer in 1..top, the served run's K. */
export class LimitOutOfRange extends Error {
  constructor(
    readonly limit: number,
    readonly top: number,
  ) {
    super(`limit ${limit} is outside 1..${top}`);
  }
}

/** No run of the name has completed yet. */
export class RunNotReady extends Error {
  constructor(readonly runName: string) {
    super(`no complete ranking run named "${runName}" yet`);
  }
}

/** The served run of `name`, or RunNotReady. */
export function requireServedRun(run: ServedRun | null, name: string): ServedRun {
  if (!run) throw new RunNotReady(name);
  return run;
}

/** What the use case reads: a caller's batching (the API's DataLoaders) or the stores directly (a command). */
export interface NeighbourReads {
  /** The first `limit` neighbours of `handle` in run `runId`, best first. */
  neighbours(runId: number, handle: Handle, limit: number): Promise<NeighbourRow[]>;
  userExists(handle: Handle): Promise<boolean>;
}

export interface NeighboursQuery {
  /** The handle as the caller wrote it. */
  handle: string;
  limit: number;
  /** The served run (null when none is complete) and the name it is served under. */
  run: ServedRun | null;
  name: string;
}

export interface Neighbours {
  handle: Handle;
  run: ServedRun;
  neighbours: NeighbourRow[];
}

/**
 * The `limit` nearest neighbours of a handle in the served run, best first. Checked in this order: the handle's
 * form (MalformedHandle), a complete run (RunNotReady), limit in 1..K (LimitOutOfRange), the user's existence
 * (UnknownUser). A known user with no neighbours (no data, or nobody similar) gets an empty list.
 */
export async function neighboursOf(reads: NeighbourReads, query: NeighboursQuery): Promise<Neighbours> {
  const handle = parseHandle(query.handle);
  if (handle === null) throw new MalformedHandle(query.handle);
  const run = requireServedRun(query.run, query.name);
  const top = run.parameters.top;
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > top) throw new LimitOutOfRange(query.limit, top);
  // A handle past the 32-bit column names nobody, and is not looked up.
  const neighbours = canBeStored(handle) ? await reads.neighbours(run.id, handle, query.limit) : [];
  // Only an empty answer needs the existence check: a user with neighbours exists.
  if (neighbours.length === 0 && !(canBeStored(handle) && (await reads.userExists(handle)))) {
    throw new UnknownUser(handle, query.handle);
  }
  return { handle, run, neighbours };
}
