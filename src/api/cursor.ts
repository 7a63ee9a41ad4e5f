import type { GraphQLError } from "graphql";
import { MAX_INT } from "../domain/handle.js";
import { badUserInput } from "./errors.js";

// Cursors are opaque to clients (base64url of "<kind>:<id>") so the paging key can change without breaking them;
// the kind prefix turns a cursor pasted into the wrong connection into a clear error instead of a wrong page.

export function encodeCursor(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64url");
}

/** The id inside an `after` cursor of `kind`; BAD_USER_INPUT naming `after` when it is not one. */
export function decodeCursor(kind: string, cursor: string): number {
  const match = /^([a-z]+):([0-9]{1,10})$/.exec(Buffer.from(cursor, "base64url").toString());
  // Ids are 32-bit INTEGER columns; a larger one was never issued by us.
  if (!match || match[1] !== kind || Number(match[2]) > MAX_INT) {
    throw notACursor(cursor);
  }
  return Number(match[2]);
}

/** BAD_USER_INPUT naming `after`: also for a well-formed cursor that belongs to another user's connection. */
export function notACursor(cursor: string): GraphQLError {
  return badUserInput("after", `after: "${cursor}" is not a cursor of this connection`);
}
