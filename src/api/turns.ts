// Every GraphQL request runs on the one event loop, and its resolvers' work (Prisma's query compiler, better-sqlite3,
// building the answer) is synchronous or chained through promises, which never let the loop poll its sockets:
// measured, a request reading 100 course-view pages held the loop for all of its 850 ms, and /healthz and every
// other request waited that long. So resolvers that read take a turn first (timeout.ts calls turn()). One wave of
// resolvers starts per turn of the event loop: those started in the same synchronous pass (the executor starts the
// fields of a list's items in one pass, so siblings stay in one wave and their DataLoader loads in one batch).
// Resolvers asking later in the same turn (the next level of the same request, or another request) wait for the
// next turn, after the loop has polled its sockets and run its timers. A request's levels are spread over turns,
// and other requests are served between them; a request that reads once (the hot path) starts at once.

/** A wave has started this turn of the loop; reset by the next turn (setImmediate). */
let turnTaken = false;
/** The synchronous pass that started this turn's wave is still running: join the wave. */
let waveOpen = false;
/** The next turn's wave, for resolvers that asked after this turn's wave had started. */
let next: { promise: Promise<void>; start: () => void } | null = null;

/** undefined when the caller may start now; else a promise resolved at the start of a later turn's wave. */
export function turn(): Promise<void> | undefined {
  if (waveOpen) return undefined;
  if (!turnTaken) {
    startWave();
    return undefined;
  }
  if (!next) {
    let start!: () => void;
    const promise = new Promise<void>((resolve) => (start = resolve));
    next = { promise, start };
  }
  return next.promise;
}

function startWave(): void {
  turnTaken = true;
  waveOpen = true;
  // Queued after the continuations of a waiting wave (resolved just before), so they all join it.
  queueMicrotask(() => (waveOpen = false));
  setImmediate(nextTurn);
}

function nextTurn(): void {
  turnTaken = false;
  if (!next) return;
  const { start } = next;
  next = null;
  start();
  startWave();
}

// A resolver that runs a query of its own for each parent (courseViews) batches with nothing, so a wave of them is a
// wave of separate queries: measured, 28 users' courseViews in one wave kept /healthz waiting 89 ms (load 6-8).
// Those also wait for one of `ownQueriesPerTurn` slots per turn, first come first served.

const ownQueriesPerTurn = 4;
let ownQueriesStarted = 0;
const ownQueriesWaiting: (() => void)[] = [];

/** undefined when the caller may run its own query now; else a promise resolved in a later turn. */
export function ownQueryTurn(): Promise<void> | undefined {
  if (ownQueriesWaiting.length === 0 && ownQueriesStarted < ownQueriesPerTurn) {
    if (ownQueriesStarted++ === 0) setImmediate(nextOwnQueries);
    return undefined;
  }
  return new Promise((resolve) => ownQueriesWaiting.push(resolve));
}

function nextOwnQueries(): void {
  ownQueriesStarted = 0;
  while (ownQueriesWaiting.length > 0 && ownQueriesStarted < ownQueriesPerTurn) {
    ownQueriesStarted++;
    ownQueriesWaiting.shift()!();
  }
  if (ownQueriesStarted > 0) setImmediate(nextOwnQueries);
}
