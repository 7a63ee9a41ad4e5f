import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import type { Context } from "./context.js";
import { depthLimit } from "./depth-limit.js";
import { ErrorCode } from "./errors.js";
import type { ApiLimits } from "./limits.js";
import { operationLimits } from "./request-limits.js";

// graphql's and graphql-ws's CommonJS builds, as executor.ts explains: the schema and every GraphQLError that
// graphql-ws checks with `instanceof` must come from the one graphql that type-graphql built the schema with.
const require = createRequire(import.meta.url);
const graphql = require("graphql") as typeof import("graphql");
const { useServer } = require("graphql-ws/use/ws") as typeof import("graphql-ws/use/ws");

export interface WebSocketOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  /** A fresh context: one per operation, and one per event of a subscription. */
  context: () => Promise<Context>;
  limits: ApiLimits;
  /** How errors reach clients (apollo.ts errorFormatter): the same as over HTTP. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Largest message accepted, in bytes; a larger one closes the socket (1009). */
  maxPayload: number;
}

/**
 * GraphQL over WebSocket (graphql-ws's graphql-transport-ws protocol) on the HTTP server's own port and path,
 * `/graphql`: what similarUsersChanged needs, and queries and mutations too (graphql-ws clients may send any).
 * Every operation is held to the HTTP limits: depth when it is validated, aliases and cost before it runs (cost.ts:
 * a subscription's cost is what one of its events costs). Each event of a subscription executes with a fresh
 * context (fresh DataLoaders, the served run as of now, a new REQUEST_TIMEOUT_MS deadline): graphql-js would run
 * every event with the one context made at subscribe time, and its loaders' caches would serve the first event's
 * tags and profiles for ever. dispose() completes every subscription (each unsubscribes from the recorder) and
 * closes the sockets.
 */
export function graphqlOverWebSocket(options: WebSocketOptions): { dispose(): Promise<void> } {
  const { schema, context, formatError } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: "/graphql", maxPayload: options.maxPayload });
  const rules = [...graphql.specifiedRules, depthLimit(options.limits.maxQueryDepth)];
  const checkLimits = operationLimits(schema, options.limits);
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(withCode(e), e));

  const server = useServer(
    {
      async onSubscribe(_socket, _id, payload) {
        let document: DocumentNode;
        try {
          document = graphql.parse(payload.query);
        } catch (error) {
          return [coded(error as GraphQLError, "GRAPHQL_PARSE_FAILED")];
        }
        const invalid = graphql.validate(schema, document, rules);
        if (invalid.length > 0) return invalid.map((e) => coded(e, "GRAPHQL_VALIDATION_FAILED"));
        const contextValue = await context();
        const { operationName, variables } = payload;
        try {
          checkLimits({ document, operation: graphql.getOperationAST(document, operationName) ?? null, operationName, variables, context: contextValue });
        } catch (error) {
          return [inThisRealm(error as GraphQLError)];
        }
        return { schema, document, operationName, variableValues: variables, contextValue };
      },
      subscribe: (args) => subscribeWithFreshContexts(args, context),
      onNext: (_socket, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
      onError: (_socket, _id, _payload, errors) => format(errors),
    },
    wsServer,
  );
  return {
    async dispose() {
      await server.dispose();
    },
  };
}

/**
 * graphql-js's subscribe (a source stream, each event executed with the event as root value), except that each
 * event gets a context of its own. `return()` reaches the source stream, so a completed subscription or a closed
 * socket stops listening to the recorder at once.
 */
async function subscribeWithFreshContexts(
  args: ExecutionArgs,
  context: () => Promise<Context>,
): Promise<AsyncGenerator<ExecutionResult, undefined> | ExecutionResult> {
  const source = await graphql.createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source; // the subscribe function refused: its errors
  const events = source[Symbol.asyncIterator]();
  const results: AsyncGenerator<ExecutionResult, undefined> = {
    async next() {
      const event = await events.next();
      if (event.done) return { value: undefined, done: true };
      const result = await graphql.execute({ ...args, rootValue: event.value, contextValue: await context() });
      return { value: result as ExecutionResult, done: false };
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await events.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}

/** The error as JSON, with INTERNAL_SERVER_ERROR where it has no code, as Apollo gives it before its formatError. */
function withCode(error: GraphQLError): GraphQLFormattedError {
  const formatted = error.toJSON();
  const code = formatted.extensions?.code ?? ErrorCode.InternalServerError;
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

/** `error` with extensions.code set to `code` (Apollo's codes for a document that does not parse or validate). */
function coded(error: GraphQLError, code: string): GraphQLError {
  return new graphql.GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/** An error of ours (errors.ts, which under vitest may load graphql's other build) as this module's GraphQLError. */
function inThisRealm(error: GraphQLError): GraphQLError {
  return new graphql.GraphQLError(error.message, { extensions: error.extensions });
}
