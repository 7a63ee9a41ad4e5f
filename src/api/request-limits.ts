import type { ApolloServerPlugin } from "@apollo/server";
import { type DocumentNode, type GraphQLSchema, visit } from "graphql";
import type { Context } from "./context.js";
import { estimateCost } from "./cost.js";
import { queryTooComplex, tooManyAliases } from "./errors.js";
import type { ApiLimits } from "./limits.js";

/**
 * Refuses, once Apollo has parsed, validated and picked the operation and before anything executes, a document with
 * more than MAX_ALIASES aliases (TOO_MANY_ALIASES) and an operation whose estimated cost (cost.ts) is above
 * MAX_QUERY_COST (QUERY_TOO_COMPLEX), both HTTP 400 with the figure and the limit in `extensions`. Here rather than
 * among the validation rules because the cost depends on the variables (`limit: $limit`), and Apollo caches
 * validation per document; and because Apollo gives every validation error the one code GRAPHQL_VALIDATION_FAILED.
 */
export function requestLimits(schema: GraphQLSchema, limits: ApiLimits): ApolloServerPlugin<Context> {
  // The cost walk expands every fragment spread; past this many fields it stops, so a document spreading a fragment
  // in a fragment in a fragment cannot make the estimate itself the expensive part.
  const maxNodes = Math.max(10_000, 10 * limits.maxQueryCost);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const aliases = aliasCount(document);
          if (aliases > limits.maxAliases) throw tooManyAliases(aliases, limits.maxAliases);
          const cost = estimateCost(schema, document, request.operationName ?? undefined, request.variables, contextValue, maxNodes);
          if (cost !== null && cost > limits.maxQueryCost) throw queryTooComplex(cost, limits.maxQueryCost);
        },
      };
    },
  };
}

/** Aliased fields in the whole document, fragments included (each where it is written, not where it is spread). */
function aliasCount(document: DocumentNode): number {
  let count = 0;
  visit(document, {
    Field(node) {
      if (node.alias) count++;
    },
  });
  return count;
}
