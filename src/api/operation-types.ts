import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Context } from "./context.js";

/**
 * GraphQL over HTTP refuses to run a `subscription` (BAD_REQUEST, HTTP 400) and says where subscriptions are
 * served. Apollo Server 5 would hand one to the executor like a query, which would run the subscription's field
 * once with no event to resolve: an INTERNAL_SERVER_ERROR for the client's mistake. A plugin, not a validation
 * rule: a document may hold a subscription beside the query it asks to run (examples.graphql does), and only the
 * operation picked is refused. The WebSocket endpoint (websocket.ts) runs subscriptions.
 */
export function subscriptionsOverWebSocket(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === "subscription") {
            throw new GraphQLError(
              "Subscriptions are served over WebSocket (the graphql-transport-ws protocol of graphql-ws) at /graphql, not over HTTP",
              { extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
