// type-graphql reads its decorators through the Reflect metadata API; this import must run before any class in
// src/api is evaluated, and every path to those classes goes through this module (or a test importing one directly).
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, emitSchemaDefinitionFileSync, type PubSub } from "type-graphql";
import { ActivityResolver } from "./activity.resolver.js";
import { NodeResolver } from "./node.resolver.js";
import { RankingRunResolver } from "./ranking-run.resolver.js";
import { SimilarUserResolver } from "./similar-user.resolver.js";
import { SimilarUsersChangeResolver } from "./similar-users-change.resolver.js";
import { UserResolver } from "./user.resolver.js";

/** The executable schema; built once per process (callers keep the promise), never per request. */
export function buildKindredSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [SimilarUserResolver, UserResolver, RankingRunResolver, NodeResolver, ActivityResolver, SimilarUsersChangeResolver],
    pubSub: noTopics,
  });
}

/**
 * type-graphql 2.0.0-rc.4 refuses to build a schema with a subscription unless given a pubSub, even when every
 * subscription brings its own `subscribe` function, as ours does (over the event recorder's change feed, which is
 * already the one place changes are announced). So it gets one that says so if anything ever publishes to it.
 */
const noTopics: PubSub = {
  publish() {
    throw new Error("Kindred's subscriptions have their own subscribe functions: there are no pubSub topics");
  },
  subscribe() {
    throw new Error("Kindred's subscriptions have their own subscribe functions: there are no pubSub topics");
  },
};

/**
 * Writes the schema as SDL to `file` (schema.graphql), sorted so that reordering classes never changes it, under
 * type-graphql's "THIS FILE WAS GENERATED" banner. type-graphql's own printer, not graphql's `printSchema` from
 * here: under vitest this module may load graphql's ESM build while type-graphql built the schema with the CJS one,
 * and graphql refuses types "from another module or realm".
 */
export function writeSchemaFile(schema: GraphQLSchema, file: string): void {
  emitSchemaDefinitionFileSync(file, schema);
}
