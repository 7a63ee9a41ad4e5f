import { endpoint } from "./endpoints.js";
import type { TypedDocumentString } from "./gql/graphql.js";

/** A failed request: the server's first GraphQL error with its `extensions.code`, or an HTTP status without one. */
export class GraphQLRequestError extends Error {
  override name = "GraphQLRequestError";
  constructor(message: string, readonly code: string | null) {
    super(message);
  }
}

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

/**
 * Runs a generated operation and returns its typed data; variables are required exactly when the operation
 * declares some. Throws GraphQLRequestError when the answer carries errors, and fetch's TypeError when the
 * server cannot be reached.
 */
export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json().catch(() => null)) as GraphQLResponse<TResult> | null;
  const [first] = body?.errors ?? [];
  if (first) throw new GraphQLRequestError(first.message, typeof first.extensions?.code === "string" ? first.extensions.code : null);
  if (!response.ok || !body?.data) throw new GraphQLRequestError(`The server answered ${response.status} ${response.statusText}`, null);
  return body.data;
}
