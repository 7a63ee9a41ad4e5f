import type { ApolloServerPlugin } from "@apollo/server";
import type { MiddlewareFn } from "type-graphql";
import type { Context } from "./context.js";
import { ErrorCode, requestTimedOut } from "./errors.js";
import { ownQueryTurn, turn } from "./turns.js";

// REQUEST_TIMEOUT_MS bounds a GraphQL request in two places. The HTTP route (http.ts) answers REQUEST_TIMEOUT when
// the time is up, whatever execution is doing; graphql-js cannot be stopped from outside, so this middleware makes
// every resolver that would start after the deadline throw instead of reading the database, and the abandoned
// execution ends at its next resolver. When execution itself hits the deadline first (the timer could not fire
// while it held the event loop), the plugin turns its partial answer into the same error.

/**
 * On resolvers that read (resolver classes, as `@UseMiddleware(cutOffAtDeadline)`): take a turn of the event loop
 * (turns.ts), then, past the deadline, throw instead of reading.
 */
export const cutOffAtDeadline: MiddlewareFn<Context> = async ({ context }, next) => {
  await turn();
  checkDeadline(context);
  return next();
};

/** On a resolver running a query of its own per parent (courseViews), after cutOffAtDeadline: wait for a slot too. */
export const ownQuerySlot: MiddlewareFn<Context> = async ({ context }, next) => {
  await ownQueryTurn();
  checkDeadline(context);
  return next();
};

function checkDeadline(context: Context): void {
  if (Date.now() > context.deadline) throw requestTimedOut(context.limits.requestTimeoutMs);
}

/** An answer with a REQUEST_TIMEOUT error anywhere becomes only that error, HTTP 503: half an answer is not one. */
export function timeoutAnswer(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const timeout = response.body.singleResult.errors?.find((e) => e.extensions?.code === ErrorCode.RequestTimeout);
          if (!timeout) return;
          response.body.singleResult = { errors: [{ message: timeout.message, extensions: timeout.extensions }] };
          response.http.status = 503;
        },
      };
    },
  };
}

/** Resolves with "timeout" after `ms`, unless cancelled first (the answer was ready). */
export function timer(ms: number): { elapsed: Promise<"timeout">; cancel(): void } {
  let handle: NodeJS.Timeout | undefined;
  const elapsed = new Promise<"timeout">((resolve) => {
    handle = setTimeout(() => resolve("timeout"), ms);
  });
  return { elapsed, cancel: () => clearTimeout(handle) };
}
