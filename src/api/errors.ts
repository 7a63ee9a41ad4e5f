import { GraphQLError } from "graphql";
import { LimitOutOfRange, MalformedHandle, RunNotReady, UnknownUser } from "../rankings/neighbours-of.js";

/**
 * The `extensions.code` values a client can branch on. The first two are Apollo's own (its ApolloServerErrorCode
 * enum), repeated here so every code the API can send is listed in one place.
 */
export enum ErrorCode {
  BadUserInput = "BAD_USER_INPUT",
  InternalServerError = "INTERNAL_SERVER_ERROR",
  NotFound = "NOT_FOUND",
  RankingNotReady = "RANKING_NOT_READY",
}

/** An argument out of its domain: names the argument, so a client can point at the field that caused it. */
export function badUserInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, argumentName } });
}

/** `handle` as a number, `text` as the client wrote it: the message shows the text, exact at any length. */
export function userNotFound(handle: number, text: string): GraphQLError {
  return new GraphQLError(`No user with handle ${text}`, {
    extensions: { code: ErrorCode.NotFound, handle },
  });
}

/** An argument that is not a handle. */
export function malformedHandle(argumentName: string, text: string): GraphQLError {
  return badUserInput(argumentName, `${argumentName} must be a positive integer, got "${text}"`);
}

/** `limit` outside 1..K, worded the same for GraphQL and REST. */
export function limitOutOfRange(limit: number | string, top: number): GraphQLError {
  return badUserInput("limit", `limit must be between 1 and ${top} (the run's top K), got ${limit}`);
}

/** The neighbours use case's failures (src/rankings/neighbours-of.ts) as the API's coded errors; others as they are. */
export function fromUseCase(error: unknown): unknown {
  if (error instanceof MalformedHandle) return malformedHandle("handle", error.text);
  if (error instanceof RunNotReady) return rankingNotReady(error.runName);
  if (error instanceof LimitOutOfRange) return limitOutOfRange(error.limit, error.top);
  if (error instanceof UnknownUser) return userNotFound(error.handle, error.text);
  return error;
}

export function rankingNotReady(resultsTable: string): GraphQLError {
  return new GraphQLError(
    `No complete ranking run named "${resultsTable}" yet: run \`npm run rank\` and ask again`,
    { extensions: { code: ErrorCode.RankingNotReady, resultsTable } },
  );
}

/** The codes that are ours to send as they are; anything else reaching formatError is a bug to mask and log. */
export const expectedCodes: ReadonlySet<string> = new Set([
  ErrorCode.BadUserInput,
  ErrorCode.NotFound,
  ErrorCode.RankingNotReady,
  // Apollo's own request errors: the client's document or variables, never a server fault.
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);
