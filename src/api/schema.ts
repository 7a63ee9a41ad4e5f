// type-graphql reads its decorators through the Reflect metadata API; this import must run before any class in
// src/api is evaluated, and every path to those classes goes through this module (or a test importing one directly).
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, emitSchemaDefinitionFileSync } from "type-graphql";
import { NodeResolver } from "./node.resolver.js";
import { RankingRunResolver } from "./ranking-run.resolver.js";
import { SimilarUserResolver } from "./similar-user.resolver.js";
import { UserResolver } from "./user.resolver.js";

/** The executable schema; built once per process (callers keep the promise), never per request. */
export function buildKindredSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [SimilarUserResolver, UserResolver, RankingRunResolver, NodeResolver] });
}

/**
 * Writes the schema as SDL to `file` (schema.graphql), sorted so that reordering classes never changes it, under
 * type-graphql's "THIS FILE WAS GENERATED" banner. type-graphql's own printer, not graphql's `printSchema` from
 * here: under vitest this module may load graphql's ESM build while type-graphql built the schema with the CJS one,
 * and graphql refuses types "from another module or realm".
 */
export function writeSchemaFile(schema: GraphQLSchema, file: string): void {
  emitSchemaDefinitionFileSync(file, schema);
}
