import type { Handle } from "../domain/handle.js";
import type { EventRecorder, ListsChange } from "../events/activity-event.js";

/**
 * The changes of `recorder`'s lists that include `handle`, as an async iterator for a subscription's source stream.
 * It listens from the call on, and stops listening when the consumer returns (graphql-ws calls `return()` when the
 * client completes the subscription or its socket closes) or throws.
 *
 * At most one change waits: a consumer slower than the batches gets the newest one, not a queue of all of them.
 * Each change is a cue to read the handle's list as it is now, so skipping a stale one loses nothing and a slow
 * client cannot make the server hold an unbounded backlog.
 */
export function changesOf(recorder: EventRecorder, handle: Handle): AsyncGenerator<ListsChange, undefined> {
  let waiting: ListsChange | null = null;
  let wake: ((result: IteratorResult<ListsChange, undefined>) => void) | null = null;
  let done = false;
  const unsubscribe = recorder.onChange((change) => {
    if (done || !change.handles.includes(handle)) return;
    if (wake) {
      const resolve = wake;
      wake = null;
      resolve({ value: change, done: false });
    } else waiting = change;
  });
  const finish = (): IteratorResult<ListsChange, undefined> => {
    if (!done) {
      done = true;
      unsubscribe();
      wake?.({ value: undefined, done: true });
      wake = null;
      waiting = null;
    }
    return { value: undefined, done: true };
  };
  const iterator: AsyncGenerator<ListsChange, undefined> = {
    next() {
      if (done) return Promise.resolve({ value: undefined, done: true });
      if (waiting) {
        const value = waiting;
        waiting = null;
        return Promise.resolve({ value, done: false });
      }
      return new Promise((resolve) => (wake = resolve));
    },
    return: async () => finish(),
    throw: async (error: unknown) => {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
