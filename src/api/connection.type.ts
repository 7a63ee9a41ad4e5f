import { type ClassType, Field, Int, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "Relay-style paging state of a connection." })
export class PageInfo {
  @Field(_type => Boolean)
  hasNextPage!: boolean;

  @Field(_type => Boolean, { description: "True when the page was asked for with `after`." })
  hasPreviousPage!: boolean;

  @Field(_type => String, { nullable: true })
  startCursor!: string | null;

  @Field(_type => String, { nullable: true, description: "Pass as `after` for the next page." })
  endCursor!: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter, so the count query runs only when the field is asked for (graphql-jit, unlike graphql-js, never
   *  calls a function-valued property). */
  readonly totalCount: Promise<number>;
}

/**
 * A Relay connection type for `Node`, named `<name>Connection` with edges `<name>Edge`. One factory for every
 * connection, so each gets the same fields and descriptions (type-graphql's generics recipe).
 */
export function Connection<T extends object>(Node: ClassType<T>, name: string): ClassType<Page<T>> {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType implements Edge<T> {
    @Field(_type => Node)
    node!: T;

    @Field(_type => String, { description: "Opaque; pass as `after` to start after this edge." })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType implements Page<T> {
    @Field(_type => [EdgeType])
    edges!: Edge<T>[];

    @Field(_type => PageInfo)
    pageInfo!: PageInfo;

    // Not simple: graphql-jit awaits what a resolver returns, not a promise read from a property.
    @Field(_type => Int, { simple: false, description: "How many nodes the whole connection has, across every page." })
    totalCount!: Promise<number>;
  }
  return ConnectionType;
}
