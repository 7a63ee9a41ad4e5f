import { type Client, createClient } from "graphql-ws/client";
import { websocketEndpoint } from "./endpoints.js";
import { GraphQLRequestError } from "./execute.js";
import type { TypedDocumentString } from "./gql/graphql.js";

/** The page's one WebSocket, opened at the first subscription and closed when the last ends (graphql-ws's lazy mode). */
let client: Client | null = null;

export interface Subscriber<TResult> {
  /** Each event's typed data. */
  next(data: TResult): void;
  /** The server refused the subscription or an event carried errors; the socket itself retries on its own. */
  error(error: GraphQLRequestError): void;
}

/**
 * Runs a generated subscription over graphql-ws and hands each event's data to `subscriber`; returns the function
 * that ends it. A dropped connection is retried (graphql-ws: up to 5 times, with a randomised backoff) and the
 * subscription started again.
 */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  subscriber: Subscriber<TResult>,
): () => void {
  client ??= createClient({ url: websocketEndpoint(), lazy: true });
  return client.subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next({ data, errors }) {
        const [first] = errors ?? [];
        if (first) subscriber.error(new GraphQLRequestError(first.message, typeof first.extensions?.code === "string" ? first.extensions.code : null));
        else if (data) subscriber.next(data);
      },
      error(error) {
        const [first] = Array.isArray(error) ? (error as { message: string }[]) : [];
        subscriber.error(new GraphQLRequestError(first?.message ?? "The live connection to the server failed", null));
      },
      complete() {},
    },
  );
}
