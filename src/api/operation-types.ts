import { type ASTVisitor, GraphQLError, type ValidationContext } from "graphql";

/**
 * A validation rule for GraphQL over HTTP: a `subscription` fails validation (GRAPHQL_VALIDATION_FAILED, HTTP 400)
 * saying where subscriptions are served. Apollo Server 5 would hand one to the executor like a query, which would
 * run the subscription's field once with no event to resolve (an INTERNAL_SERVER_ERROR for the client's mistake).
 * The WebSocket endpoint (websocket.ts) validates without this rule.
 */
export function subscriptionsOverWebSocket(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation === "subscription") {
        context.reportError(
          new GraphQLError(
            "Subscriptions are served over WebSocket (the graphql-transport-ws protocol of graphql-ws) at /graphql, not over HTTP",
            { nodes: node },
          ),
        );
      }
    },
  };
}
