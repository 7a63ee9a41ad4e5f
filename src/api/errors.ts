import { GraphQLError } from "graphql";

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

export function userNotFound(handle: number): GraphQLError {
  return new GraphQLError(`No user with handle ${handle}`, {
    extensions: { code: ErrorCode.NotFound, handle },
  });
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
