import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";

/**
 * A validation rule rejecting operations nested deeper than `maxDepth` fields, so one request cannot fan out
 * without bound (each level of `similarUsers { user { similarUsers ... } }` multiplies the work by up to K).
 * `{ a { b } }` has depth 2. Fragments count where they are spread. Introspection fields (`__schema`, `__type`)
 * are not counted: GraphiQL's and codegen's introspection query is about 13 levels deep and must keep working.
 * Apollo reports the error with code GRAPHQL_VALIDATION_FAILED and HTTP status 400, before anything executes.
 */
export function depthLimit(maxDepth: number): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const def of context.getDocument().definitions) {
        if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      }
      const depth = depthOf(operation.selectionSet, fragments, new Set());
      if (depth > maxDepth) {
        const name = operation.name ? `Operation "${operation.name.value}"` : "The operation";
        context.reportError(
          new GraphQLError(`${name} is ${depth} fields deep; the maximum is ${maxDepth} (MAX_QUERY_DEPTH)`, {
            nodes: [operation],
            extensions: { maxQueryDepth: maxDepth, depth },
          }),
        );
      }
    },
  });
}

function depthOf(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  // Fragments on the current path: a cycle is another rule's error (NoFragmentCycles); here it only must not loop.
  visiting: Set<string>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      const below = selection.selectionSet ? depthOf(selection.selectionSet, fragments, visiting) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return deepest;
}
