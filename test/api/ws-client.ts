import { type Client, createClient, type FormattedExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import type { EventRecorder } from "../../src/events/activity-event.js";

/** A graphql-ws client of the server at `url` (http://…), as a Node client connects: ws://…/graphql, no retries. */
export function wsClient(url: string): Client {
  return createClient({ url: `${url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
}

/** One subscription's results as they arrive, and how it ended (`error`: what the error sink got). */
export interface Subscribed {
  results: FormattedExecutionResult[];
  completed: boolean;
  error: unknown;
  unsubscribe(): void;
}

export function subscribeTo(client: Client, query: string, variables?: Record<string, unknown>, operationName?: string): Subscribed {
  const subscribed: Subscribed = { results: [], completed: false, error: undefined, unsubscribe: () => {} };
  subscribed.unsubscribe = client.subscribe(
    { query, variables, operationName },
    {
      next: (result) => void subscribed.results.push(result as FormattedExecutionResult),
      error: (error) => void (subscribed.error = error),
      complete: () => void (subscribed.completed = true),
    },
  );
  return subscribed;
}

/** The recorder unchanged, counting the change listeners it holds, so a test can see subscriptions come and go. */
export function countingListeners(recorder: EventRecorder): { recorder: EventRecorder; listeners(): number } {
  let listeners = 0;
  return {
    listeners: () => listeners,
    recorder: {
      record: (events) => recorder.record(events),
      onChange(listener) {
        listeners++;
        const stop = recorder.onChange(listener);
        let listening = true;
        return () => {
          if (!listening) return;
          listening = false;
          listeners--;
          stop();
        };
      },
    },
  };
}
