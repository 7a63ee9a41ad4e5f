import { type Listener, type ListenOptions, listen } from "../postgres-listener.js";

// On PostgreSQL several API processes may serve one database. Each would otherwise learn of a new run only when its
// poll comes round; instead completeRun sends a notification on this channel inside the run's transaction, which
// PostgreSQL delivers when (and only if) the transaction commits: the moment the run becomes visible to readers.

/** The channel completed runs are announced on. */
export const runsChannel = "kindred_runs";

/** What a notification on runsChannel says: the run that just completed. Sent as JSON, `{"name":"user_ranking","id":42}`. */
export interface RunCompleted {
  name: string;
  id: number;
}

export function runCompletedPayload(run: RunCompleted): string {
  return JSON.stringify({ name: run.name, id: run.id });
}

/** The run a payload names; null for anything else on the channel. */
export function parseRunCompleted(payload: string): RunCompleted | null {
  try {
    const { name, id } = JSON.parse(payload) as Partial<RunCompleted>;
    return typeof name === "string" && Number.isInteger(id) ? { name, id: id! } : null;
  } catch {
    return null;
  }
}

/**
 * Calls `onChange` when a run of `name` completes on the PostgreSQL database `url` names, and each time the
 * listening connection (re)connects, since a run may have completed while it was not listening.
 */
export function listenForCompletedRuns(url: string, name: string, onChange: () => void, options?: ListenOptions): Promise<Listener> {
  return listen(
    url,
    runsChannel,
    {
      notification: (payload) => {
        if (parseRunCompleted(payload)?.name === name) onChange();
      },
      listening: onChange,
    },
    options,
  );
}
