import { type ASTVisitor, GraphQLError, type ValidationContext } from "graphql";

/**
 * A validation rule rejecting a `mutation` or `subscription` on a schema that has none (ours has only queries).
 * graphql-js 16 lets such an operation through validation and fails it at execution ("Schema is not configured to
 * execute mutation operation"), an error with no code that Apollo reports as INTERNAL_SERVER_ERROR and we log with
 * its stack. graphql-js 17 adds this rule (KnownOperationTypesRule, same message): it is the client's document that
 * is wrong, so it fails validation, GRAPHQL_VALIDATION_FAILED with HTTP 400, before anything runs.
 * Remove when graphql 17 is the pinned version.
 */
export function knownOperationTypes(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation)) {
        context.reportError(new GraphQLError(`The ${node.operation} operation is not supported by the schema.`, { nodes: node }));
      }
    },
  };
}
