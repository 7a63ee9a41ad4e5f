import { GraphQLError } from "graphql";
import { EventError } from "../events/activity-event.js";
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
  QueryTooComplex = "QUERY_TOO_COMPLEX",
  TooManyAliases = "TOO_MANY_ALIASES",
  RequestTimeout = "REQUEST_TIMEOUT",
  UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE",
  LiveUpdatesUnavailable = "LIVE_UPDATES_UNAVAILABLE",
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

/**
 * A refused batch (nothing stored) as BAD_USER_INPUT. A single-event mutation names the refused argument
 * (`followedAt`); a batch names `events`, with the event's 0-based index and its field, and the message (the
 * recorder's) says both: "event 36: followedAt: ...".
 */
export function eventRefused(error: EventError, batch: boolean): GraphQLError {
  const { index, field } = error.problem;
  const extensions = batch ? { argumentName: "events", eventIndex: index, field } : { argumentName: field };
  return new GraphQLError(error.message, { extensions: { code: ErrorCode.BadUserInput, ...extensions } });
}

/** An event of a batch that gives none, or more than one, of its kinds. */
export function notOneKind(index: number, given: readonly string[]): GraphQLError {
  const what = given.length === 0 ? "none" : given.join(" and ");
  return new GraphQLError(`event ${index}: give exactly one of interest, courseView and assessment, got ${what}`, {
    extensions: { code: ErrorCode.BadUserInput, argumentName: "events", eventIndex: index },
  });
}

/** A batch larger than MAX_BATCH_EVENTS, or an empty one: refused before any event is checked. */
export function batchSizeOutOfRange(size: number, maxBatchEvents: number): GraphQLError {
  return badUserInput("events", `events must hold 1 to ${maxBatchEvents} events (MAX_BATCH_EVENTS), got ${size}`);
}

/** The server has no event recorder: live updates need the embedded SQLite database for now. */
export function liveUpdatesUnavailable(): GraphQLError {
  return new GraphQLError(
    "Live updates (the record* mutations and similarUsersChanged) need the SQLite database for now: this server records no events",
    { extensions: { code: ErrorCode.LiveUpdatesUnavailable } },
  );
}

/** A batch refused by the recorder as the API's error; anything else as it is. */
export function fromRecorder(error: unknown, batch: boolean): unknown {
  return error instanceof EventError ? eventRefused(error, batch) : error;
}

export function rankingNotReady(resultsTable: string): GraphQLError {
  return new GraphQLError(
    `No complete ranking run named "${resultsTable}" yet: run \`npm run rank\` and ask again`,
    { extensions: { code: ErrorCode.RankingNotReady, resultsTable } },
  );
}

/** An operation whose estimated cost (cost.ts) is above MAX_QUERY_COST; refused before anything runs. */
export function queryTooComplex(cost: number, maxQueryCost: number): GraphQLError {
  // Infinity: too many fields once fragments are spread to finish estimating (cost.ts); JSON has no Infinity.
  const estimate = Number.isFinite(cost) ? `${cost}` : "beyond counting";
  return new GraphQLError(
    `The operation's estimated cost is ${estimate}; the maximum is ${maxQueryCost} (MAX_QUERY_COST): ask for smaller lists or fewer fields`,
    {
      extensions: {
        code: ErrorCode.QueryTooComplex,
        cost: Number.isFinite(cost) ? cost : null,
        maxQueryCost,
        http: { status: 400 },
      },
    },
  );
}

/** A document with more aliased fields than MAX_ALIASES; refused before anything runs. */
export function tooManyAliases(aliases: number, maxAliases: number): GraphQLError {
  return new GraphQLError(`The document has ${aliases} aliases; the maximum is ${maxAliases} (MAX_ALIASES)`, {
    extensions: { code: ErrorCode.TooManyAliases, aliases, maxAliases, http: { status: 400 } },
  });
}

/** A request still running REQUEST_TIMEOUT_MS after it started: the whole answer is this error, HTTP 503. */
export function requestTimedOut(requestTimeoutMs: number): GraphQLError {
  return new GraphQLError(`The request ran longer than ${requestTimeoutMs} ms (REQUEST_TIMEOUT_MS) and was cut off`, {
    extensions: { code: ErrorCode.RequestTimeout, requestTimeoutMs },
  });
}

/** The codes that are ours to send as they are; anything else reaching formatError is a bug to mask and log. */
export const expectedCodes: ReadonlySet<string> = new Set([
  ErrorCode.BadUserInput,
  ErrorCode.NotFound,
  ErrorCode.RankingNotReady,
  ErrorCode.QueryTooComplex,
  ErrorCode.TooManyAliases,
  ErrorCode.RequestTimeout,
  ErrorCode.LiveUpdatesUnavailable,
  // Apollo's own request errors: the client's document or variables, never a server fault.
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);
