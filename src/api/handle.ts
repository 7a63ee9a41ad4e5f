import { MAX_INT } from "../import/cells.js";
import { badUserInput } from "./errors.js";

/** A user's handle: a positive integer, as the CSV files and the users table hold it. */
export type Handle = number;

/**
 * The handle an `ID` argument names. Only digits are accepted, so "7", never "07", " 7", "7.0" or "1e3": one user,
 * one spelling. Throws BAD_USER_INPUT for anything else.
 */
export function parseHandle(raw: string, argumentName = "handle"): Handle {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) {
    throw badUserInput(argumentName, `${argumentName} must be a positive integer, got "${raw}"`);
  }
  return Number(raw);
}

/** False for a well-formed handle too large for the users table (a 32-bit INTEGER column, as Prisma's `Int` maps
 *  it): such a user cannot exist, and Prisma would refuse to look it up. */
export function canBeStored(handle: Handle): boolean {
  return handle <= MAX_INT;
}
