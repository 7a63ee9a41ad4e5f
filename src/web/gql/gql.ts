/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Explore($handle: ID!) {\n    user(handle: $handle) {\n      handle\n      ...UserTags\n      similarUsers(limit: 5) {\n        rank\n        ...NeighbourCard\n      }\n    }\n  }\n": typeof types.ExploreDocument,
    "\n  fragment NeighbourCard on SimilarUser {\n    rank\n    score\n    user {\n      handle\n    }\n    sources {\n      interests\n      courses\n      assessments\n    }\n    sharedTags {\n      source\n      tags {\n        tag\n      }\n    }\n  }\n": typeof types.NeighbourCardFragmentDoc,
    "\n  subscription NeighboursChanged($handle: Int!) {\n    similarUsersChanged(handle: $handle, limit: 5) {\n      revision\n      similarUsers {\n        rank\n        ...NeighbourCard\n      }\n    }\n  }\n": typeof types.NeighboursChangedDocument,
    "\n  fragment UserTags on User {\n    interests: tags(source: interests) {\n      tag\n      weight\n    }\n    courses: tags(source: courses) {\n      tag\n      weight\n    }\n    assessments: tags(source: assessments) {\n      tag\n      weight\n    }\n  }\n": typeof types.UserTagsFragmentDoc,
    "\n  query FirstUser {\n    users(first: 1) {\n      edges {\n        node {\n          handle\n        }\n      }\n    }\n  }\n": typeof types.FirstUserDocument,
};
const documents: Documents = {
    "\n  query Explore($handle: ID!) {\n    user(handle: $handle) {\n      handle\n      ...UserTags\n      similarUsers(limit: 5) {\n        rank\n        ...NeighbourCard\n      }\n    }\n  }\n": types.ExploreDocument,
    "\n  fragment NeighbourCard on SimilarUser {\n    rank\n    score\n    user {\n      handle\n    }\n    sources {\n      interests\n      courses\n      assessments\n    }\n    sharedTags {\n      source\n      tags {\n        tag\n      }\n    }\n  }\n": types.NeighbourCardFragmentDoc,
    "\n  subscription NeighboursChanged($handle: Int!) {\n    similarUsersChanged(handle: $handle, limit: 5) {\n      revision\n      similarUsers {\n        rank\n        ...NeighbourCard\n      }\n    }\n  }\n": types.NeighboursChangedDocument,
    "\n  fragment UserTags on User {\n    interests: tags(source: interests) {\n      tag\n      weight\n    }\n    courses: tags(source: courses) {\n      tag\n      weight\n    }\n    assessments: tags(source: assessments) {\n      tag\n      weight\n    }\n  }\n": types.UserTagsFragmentDoc,
    "\n  query FirstUser {\n    users(first: 1) {\n      edges {\n        node {\n          handle\n        }\n      }\n    }\n  }\n": types.FirstUserDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Explore($handle: ID!) {\n    user(handle: $handle) {\n      handle\n      ...UserTags\n      similarUsers(limit: 5) {\n        rank\n        ...NeighbourCard\n      }\n    }\n  }\n"): typeof import('./graphql.js').ExploreDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NeighbourCard on SimilarUser {\n    rank\n    score\n    user {\n      handle\n    }\n    sources {\n      interests\n      courses\n      assessments\n    }\n    sharedTags {\n      source\n      tags {\n        tag\n      }\n    }\n  }\n"): typeof import('./graphql.js').NeighbourCardFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NeighboursChanged($handle: Int!) {\n    similarUsersChanged(handle: $handle, limit: 5) {\n      revision\n      similarUsers {\n        rank\n        ...NeighbourCard\n      }\n    }\n  }\n"): typeof import('./graphql.js').NeighboursChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserTags on User {\n    interests: tags(source: interests) {\n      tag\n      weight\n    }\n    courses: tags(source: courses) {\n      tag\n      weight\n    }\n    assessments: tags(source: assessments) {\n      tag\n      weight\n    }\n  }\n"): typeof import('./graphql.js').UserTagsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FirstUser {\n    users(first: 1) {\n      edges {\n        node {\n          handle\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').FirstUserDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
