import type { ApolloServerPlugin } from "@apollo/server";
import { type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, visit } from "graphql";
import type { Context } from "./context.js";
import { costKey, estimateCost } from "./cost.js";
import { queryTooComplex, tooManyAliases } from "./errors.js";
import type { ApiLimits } from "./limits.js";

/**
 * Refuses, once Apollo has parsed, validated and picked the operation and before anything executes, a document with
 * more than MAX_ALIASES aliases (TOO_MANY_ALIASES) and an operation whose estimated cost (cost.ts) is above
 * MAX_QUERY_COST (QUERY_TOO_COMPLEX), both HTTP 400 with the figure and the limit in `extensions`. Here rather than
 * among the validation rules because the cost depends on the variables (`limit: $limit`), and Apollo caches
 * validation per document; and because Apollo gives every validation error the one code GRAPHQL_VALIDATION_FAILED.
 *
 * Both figures are remembered: Apollo's document store hands every request with the same query text the same
 * DocumentNode, so the alias count is kept per document and the cost per operation node and costKey (the variables
 * the cost can depend on). Walking the document took about 15% of the server's CPU per `similarUsers(limit: 5)`.
 */
export function requestLimits(check: OperationLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          check({ document, operation: operation ?? null, operationName: request.operationName, variables: request.variables, context: contextValue });
        },
      };
    },
  };
}

/** One operation as the limits see it: HTTP requests (the plugin above) and WebSocket operations (websocket.ts). */
export interface OperationRequest {
  document: DocumentNode;
  /** Null when the document has no operation of that name (execution then says so). */
  operation: OperationDefinitionNode | null;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  context: Context;
}

/** Throws TOO_MANY_ALIASES or QUERY_TOO_COMPLEX for an operation over the limits; returns otherwise. */
export type OperationLimits = (request: OperationRequest) => void;

/** The limits' check, remembering figures per document and operation as described above. */
export function operationLimits(schema: GraphQLSchema, limits: ApiLimits): OperationLimits {
  // The cost walk expands every fragment spread; past this many fields it stops, so a document spreading a fragment
  // in a fragment in a fragment cannot make the estimate itself the expensive part.
  const maxNodes = Math.max(10_000, 10 * limits.maxQueryCost);
  // Entries die with their document when Apollo's document store lets it go.
  const aliasCounts = new WeakMap<DocumentNode, number>();
  const costs = new WeakMap<OperationDefinitionNode, Map<string, number | null>>();
  return ({ document, operation, operationName, variables, context }) => {
    let aliases = aliasCounts.get(document);
    if (aliases === undefined) aliasCounts.set(document, (aliases = aliasCount(document)));
    if (aliases > limits.maxAliases) throw tooManyAliases(aliases, limits.maxAliases);
    const vars = variables ?? undefined;
    const estimate = () => estimateCost(schema, document, operationName ?? undefined, vars, context, maxNodes);
    let cost: number | null;
    if (!operation) cost = estimate();
    else {
      let known = costs.get(operation);
      if (!known) costs.set(operation, (known = new Map()));
      const key = costKey(operation, vars, context);
      const cached = known.get(key);
      if (cached !== undefined) cost = cached;
      else {
        cost = estimate();
        // A client varying a variable without end (an Int it never repeats) gets its estimates computed, not kept.
        if (known.size < maxCostsPerOperation) known.set(key, cost);
      }
    }
    if (cost !== null && cost > limits.maxQueryCost) throw queryTooComplex(cost, limits.maxQueryCost);
  };
}

const maxCostsPerOperation = 100;

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
