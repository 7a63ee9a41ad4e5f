import { type FragmentDefinitionNode, Kind, TokenKind, type OperationDefinitionNode, parse, print, visit } from "graphql";

/** One tab the playground opens with: an example operation (plus the fragments it spreads) and its variables. */
export interface PlaygroundTab {
  query: string;
  /** The operation's variables and their types as written (`ID!`, `Int = 5`'s `Int`), so the page can fill `handle`
   *  with a user that exists, as a string for an ID and a number for an Int. */
  variableTypes: Record<string, string>;
}

/**
 * One tab per operation in an examples document, in document order. Each tab's text is cut from the source as
 * written (layout, and the comment lines just above each definition, kept), followed by every fragment the operation needs, directly or through other
 * fragments, so each tab runs on its own. Throws graphql's GraphQLError (with line and column) on a syntax error.
 */
export function playgroundTabs(source: string): PlaygroundTab[] {
  const document = parse(source);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const text = (node: OperationDefinitionNode | FragmentDefinitionNode) => source.slice(commentedStart(node), node.loc!.end);
  return document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({
      query: [operation, ...fragmentsUsed(operation, fragments)].map(text).join("\n\n") + "\n",
      variableTypes: Object.fromEntries((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, print(v.type)])),
    }));
}

/** The fragments `node` spreads, transitively, each once, in the order first reached. */
function fragmentsUsed(
  node: OperationDefinitionNode | FragmentDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  found: Map<string, FragmentDefinitionNode> = new Map(),
): FragmentDefinitionNode[] {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      const fragment = fragments.get(name);
      if (!fragment || found.has(name)) return;
      found.set(name, fragment);
      fragmentsUsed(fragment, fragments, found);
    },
  });
  return [...found.values()];
}

/**
 * Where `node` starts, including the comment lines directly above it, so a blank line ends the block (a file's
 * header comment stays out of its first tab). The lexer keeps comments in its token list, with line numbers.
 */
function commentedStart(node: OperationDefinitionNode | FragmentDefinitionNode): number {
  let token = node.loc!.startToken;
  while (token.prev?.kind === TokenKind.COMMENT && token.prev.line === token.line - 1) token = token.prev;
  return token.start;
}
