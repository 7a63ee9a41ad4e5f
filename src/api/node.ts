import { Field, ID, InterfaceType } from "type-graphql";
import { badUserInput } from "./errors.js";
import { type Handle, parseHandle } from "../domain/handle.js";

/**
 * Relay's `Node`: an object with a globally unique `id`, fetched again with `node(id)`. Apollo Client's and urql's
 * normalised caches key objects by `__typename` and `id` without any configuration, so a user asked for by two
 * queries is one cache entry holding both queries' fields. User is the only Node.
 */
// No resolveType: type-graphql would wrap one in an async function, and graphql-jit (executor.ts) needs the type at
// once. Its own resolveType picks the implementing class the value is an instance of (node.resolver.ts makes one).
@InterfaceType({
  description: "An object with a globally unique id, to fetch again with `node(id)` and to key client caches by.",
})
export abstract class Node {
  @Field(_type => ID, { description: "Globally unique and opaque; the same object always has the same id." })
  id!: string;
}

// A global id is base64url of "<type>:<key>", opaque to clients like the cursors (cursor.ts), so the key can change.

export function userId(handle: Handle): string {
  return Buffer.from(`User:${handle}`).toString("base64url");
}

/**
 * The handle inside a User's global id, as text (the way a client writes a handle); BAD_USER_INPUT naming `id` when
 * `id` is not one we could have issued.
 */
export function handleOfUserId(id: string): string {
  const match = /^User:([0-9]+)$/.exec(Buffer.from(id, "base64url").toString());
  // Re-encoding rejects the other spellings Buffer's lenient decoder accepts (padding, '+', stray characters).
  const handle = match ? parseHandle(match[1]) : null;
  if (handle === null || userId(handle) !== id) throw badUserInput("id", `id: "${id}" is not the id of a node`);
  return match![1];
}
