import type { Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { Context } from "./context.js";
import { depthLimit } from "./depth-limit.js";
import { ErrorCode, expectedCodes } from "./errors.js";
import type { ApiLimits } from "./limits.js";
import { jitGateway } from "./executor.js";
import { subscriptionsOverWebSocket } from "./operation-types.js";
import { operationLimits, requestLimits } from "./request-limits.js";
import { timeoutAnswer } from "./timeout.js";

export interface ApolloOptions {
  schema: GraphQLSchema;
  /** Drained (in-flight requests finished, keep-alive sockets closed) when the Apollo server stops. */
  httpServer: Server;
  limits: ApiLimits;
  /** NODE_ENV=production: no stack traces, unexpected errors masked. */
  production: boolean;
  /** How long stop() lets in-flight requests finish before cutting sockets, in ms. */
  stopGracePeriodMs: number;
  /** Where unexpected errors are logged (they never reach a client in production). */
  log: Pick<Console, "error">;
  /** errorFormatter(production, log), shared with the WebSocket endpoint. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The WebSocket endpoint on the same server (websocket.ts): disposed, closing its sockets, when Apollo stops. */
  webSocket: { dispose(): Promise<void> };
}

export function createApollo(options: ApolloOptions): ApolloServer<Context> {
  const { production, log, webSocket } = options;
  return new ApolloServer<Context>({
    gateway: jitGateway(options.schema),
    validationRules: [subscriptionsOverWebSocket, depthLimit(options.limits.maxQueryDepth)],
    includeStacktraceInErrorResponses: !production,
    // Apollo's own default reads NODE_ENV; `production` decides here, so a server started as production (tests, the
    // bench) refuses introspection as `npm run serve` does under NODE_ENV=production.
    introspection: !production,
    // server.ts owns SIGTERM: it drains and closes the database. Apollo's own handler would call stop() beside it, and
    // a second concurrent stop() waits on a barrier Apollo 5.5.1 resolves only when stopping fails: with the pg
    // pool's sockets keeping the loop alive, a PostgreSQL server under NODE_ENV=production never exited.
    stopOnTerminationSignals: false,
    formatError: options.formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer, stopGracePeriodMillis: options.stopGracePeriodMs }),
      // Upgraded sockets are no longer the HTTP server's to close: graphql-ws completes their subscriptions and closes
      // them (1001, going away), beside the HTTP drain (Apollo runs every plugin's drainServer at once).
      {
        async serverWillStart() {
          return { drainServer: () => webSocket.dispose() };
        },
      },
      // Apollo's default landing page loads from its CDN; the playground is ours (src/web), served by its own route.
      ApolloServerPluginLandingPageDisabled(),
      // We set no cache hints, so computing a cache policy for every field is work for nothing.
      ApolloServerPluginCacheControlDisabled(),
      requestLimits(operationLimits(options.schema, options.limits)),
      timeoutAnswer(),
    ],
  });
}

/**
 * What reaches a client of an error (Apollo's formatError; websocket.ts formats its errors the same way): a code
 * of ours or Apollo's request errors as it is without a stack trace; anything else is logged and, in production,
 * masked.
 */
export function errorFormatter(production: boolean, log: Pick<Console, "error">) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === "string" && expectedCodes.has(code)) return withoutStacktrace(formatted);
    log.error(unwrapResolverError(error));
    return production ? masked(formatted) : formatted;
  };
}

/** A client's own mistake needs no stack trace, even in development: the message and code say it all. */
function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions?.stacktrace) return formatted;
  const { stacktrace: _, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** Where the error was, but not what it was: its message could name tables, files or data. */
function masked(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.InternalServerError },
  };
}
