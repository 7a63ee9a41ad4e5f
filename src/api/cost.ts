import { type DocumentNode, type GraphQLSchema, Kind, type OperationDefinitionNode, type TypeNode } from "graphql";
import {
  type ComplexityEstimator,
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
} from "graphql-query-complexity";
import type { Context } from "./context.js";

// What a request costs, estimated from its document and variables before anything runs (graphql-query-complexity):
// every field costs 1 plus what it selects, and a list field costs 1 plus its selection times the number of items
// it can return. Aliases are fields like any other, so 100 aliases of a field cost 100 times one. The sizes:
// - `similarUsers(limit)`: limit; `users(first)`, `courseViews(first)`, `rankingRuns(first)`: first. The whole
//   selection of a connection (edges and pageInfo) is multiplied, a small overestimate that keeps one rule.
// - Lists with no size argument cost their assumed size (assumedSize below), taken from the seed data.
// - A field whose resolver runs a query per parent rather than one batched query costs ownQuery more.
// A size the resolver refuses (limit above K, first above MAX_PAGE_SIZE) costs only the field: the resolver
// answers BAD_USER_INPUT before reading anything, and the client gets that error rather than a cost it cannot fix.

/** A list of `args[argument]` items (null means `fallback`), each costing its selection. */
export function sizedBy(argument: string, max: (ctx: Context) => number, fallback = 0): ComplexityEstimator {
  return ({ args, childComplexity, context }) => {
    const size: unknown = args[argument] ?? fallback;
    const served = typeof size === "number" && Number.isInteger(size) && size >= 1 && size <= max(context as Context);
    return 1 + (served ? size : 0) * childComplexity;
  };
}

/**
 * What a resolver running queries of its own for each parent adds (courseViews: a page query and, for totalCount, a
 * count per user, not batched). Chosen from `npm run bench -- api`: with it, the heaviest allowed shape of
 * courseViews takes about as long as the heaviest allowed shapes of the batched fields.
 */
export const ownQuery = 60;

/** A list of one entry per source, or of one source's entries when the field's `source` argument names one. */
export function bySource(all: number, one: number): ComplexityEstimator {
  return ({ args, childComplexity }) => 1 + (args.source ? one : all) * childComplexity;
}

/** `estimator` plus ownQuery. */
export function withOwnQuery(estimator: ComplexityEstimator): ComplexityEstimator {
  return (args) => ownQuery + (estimator(args) ?? 0);
}

/** A list with no size argument, counted as `size` items. */
export function assumedSize(size: number): ComplexityEstimator {
  return ({ childComplexity }) => 1 + size * childComplexity;
}

/** The largest `limit` similarUsers serves: the served run's K (none without a run, when it answers RANKING_NOT_READY). */
export const neighbourLimit = (ctx: Context): number => ctx.run?.parameters.top ?? 0;
export const pageLimit = (ctx: Context): number => ctx.limits.maxPageSize;

/**
 * Assumed list sizes, about the mean per user in seeds/ (interests: mean 30, median 13; assessments: mean 2, 90%
 * 5). Lists of scalars cost nothing beyond their field.
 */
export const assumedSizes = {
  interests: 30,
  assessments: 3,
  /** A user's weighted tags over all three sources (followed tags and the tags of watched courses); of one source. */
  tags: 50,
  tagsOfOneSource: 20,
  /** Tags two neighbours share in one source. */
  sharedTags: 10,
};

const estimators = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/**
 * The estimated cost of the operation `operationName` of `document` with `variables`; null when the variables do
 * not fit the operation, which execution then reports as it always does (BAD_USER_INPUT), having run nothing.
 * Infinity when expanding fragments visits more than `maxNodes` fields: a fragment spread many times, whose cost
 * is not worth computing.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
  context: Context,
  maxNodes: number,
): number | null {
  try {
    return getComplexity({ schema, query: document, operationName, variables, context, estimators, maxQueryNodes: maxNodes });
  } catch (error) {
    // graphql-query-complexity (pinned) reports both cases by throwing a GraphQLError; only this message tells them apart.
    if (error instanceof Error && error.message === "Query exceeds the maximum allowed number of nodes.") return Infinity;
    return null;
  }
}

/**
 * What estimateCost's answer for one operation of a cached document depends on, as a string: the context's sizes
 * (neighbourLimit, pageLimit) and the operation's declared variables. A string value of an `ID` or `String` variable
 * counts only as "a string": no estimator above reads an ID or String argument (sizes are Int, `source` an enum),
 * and a string always coerces to either type, so the handle a request asks for does not change its cost. Every other
 * value counts in full; a variable left out and one sent as null differ (a default applies to the first only).
 * An estimator that reads another argument or another part of the context must be reflected here.
 */
export function costKey(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, context: Context): string {
  const parts = [String(neighbourLimit(context)), String(pageLimit(context))];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const value = variables?.[name];
    if (!variables || !Object.hasOwn(variables, name)) parts.push("-");
    else if (typeof value === "string" && isIdOrString(definition.type)) parts.push("s");
    else parts.push(JSON.stringify(value) ?? "?");
  }
  return parts.join(",");
}

/** `ID`, `ID!`, `String` or `String!` (not lists of them, whose items could be anything). */
function isIdOrString(type: TypeNode): boolean {
  const named = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  return named.kind === Kind.NAMED_TYPE && (named.name.value === "ID" || named.name.value === "String");
}
