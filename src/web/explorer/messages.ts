import { GraphQLRequestError } from "../execute.js";

/** What the page says when a request fails, by cause. */
export function failureMessage(error: unknown): string {
  if (error instanceof GraphQLRequestError) {
    // The server's own message already says which run is missing and which command makes it.
    if (error.code === "RANKING_NOT_READY") return `The server is not ready yet. ${error.message}`;
    return error.message;
  }
  return "Could not reach the Kindred server. Is it still running?";
}

export function unknownUserMessage(handle: string): string {
  return `No user with handle ${handle}.`;
}
