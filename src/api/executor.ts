import { createRequire } from "node:module";
import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import type { ExecutionResult, GraphQLError, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

// graphql's CommonJS build: the one Apollo Server, type-graphql (so the schema) and graphql-jit load. Under vitest
// an `import` here would get the ESM build, whose `execute` refuses a schema "from another module or realm" and
// whose errors Apollo would not recognise as GraphQLErrors.
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

type Gateway = ApolloServerOptionsWithGateway<never>["gateway"];
type Executor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;

/**
 * Runs operations compiled by graphql-jit instead of interpreting them with graphql-js: the document (parsed and
 * validated by Apollo, which keeps one DocumentNode per query text) is compiled once per operation into a function
 * that coerces the variables and calls the resolvers, and each request only runs it. Resolvers, their middlewares
 * (turns, deadline) and DataLoader batching stay as they are: graphql-jit starts a list's items in one pass too.
 *
 * Where graphql-jit would answer differently, graphql-js answers: a request Apollo found no operation for, an
 * operation graphql-jit cannot compile, and variables that do not fit the operation (graphql-jit words the error
 * its own way and without the AST node Apollo needs to call it BAD_USER_INPUT, HTTP 400).
 */
export function jitExecutor(schema: GraphQLSchema): Executor {
  // Per operation node (one per document and operation name): dies with the document when Apollo's store drops it.
  const compiled = new WeakMap<OperationDefinitionNode, CompiledQuery | null>();

  return async ({ document, operation, request, context }) => {
    const operationName = request.operationName ?? undefined;
    const interpreted = () =>
      graphql.execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
    if (!operation) return interpreted();
    let query = compiled.get(operation);
    if (query === undefined) {
      const result = compileQuery(schema, document, operationName);
      query = isCompiledQuery(result) ? result : null;
      compiled.set(operation, query);
    }
    if (!query) return interpreted();
    const result: ExecutionResult = await query.query(undefined, context, request.variables ?? {});
    // No data at all: the variables were refused before anything ran, so running graphql-js instead costs nothing.
    if (result.errors && !("data" in result)) return interpreted();
    return result.errors ? { ...result, errors: result.errors.map(withExtensions) } : result;
  };
}

/**
 * graphql-jit leaves `extensions` undefined on the error of a resolver that threw a plain Error, where graphql-js
 * gives `{}`, and Apollo reads `extensions.code` of every error (a TypeError there would replace the answer). The
 * copy is graphql-js's own, with jit's locations (jit keeps no AST nodes to derive them from).
 */
function withExtensions(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const copy = new graphql.GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  return Object.assign(copy, { locations: error.locations });
}

/**
 * The `gateway` Apollo Server takes to run operations with its own executor (Apollo Server 5 has no other hook for
 * one): it serves `schema` unchanged, as `schema` would, and executes with jitExecutor.
 */
export function jitGateway(schema: GraphQLSchema): Gateway {
  let onLoad: Parameters<Gateway["onSchemaLoadOrUpdate"]>[0] | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      onLoad = callback;
      return () => (onLoad = undefined);
    },
    async load() {
      onLoad?.({ apiSchema: schema, coreSupergraphSdl: "" });
      return { schema, executor: jitExecutor(schema) };
    },
    async stop() {},
  };
}
