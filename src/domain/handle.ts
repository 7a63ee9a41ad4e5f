/** A user's handle: a positive integer, as the CSV files and the users table hold it. */
export type Handle = number;

/** Prisma's Int and SQLite's 32-bit-safe range: no stored handle, count or id is larger. */
export const MAX_INT = 2_147_483_647;

/**
 * The handle a client wrote (an argument, a path segment, a command-line word), or null when the text is not one.
 * Only digits are accepted, so "7", never "07", " 7", "7.0" or "1e3": one user, one spelling. Up to 16 digits: a
 * handle past MAX_INT is well-formed but names nobody (canBeStored), and messages about it show the text as written,
 * since Number() past 2^53 no longer gives it back.
 */
export function parseHandle(text: string): Handle | null {
  return /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : null;
}

/** False for a well-formed handle too large for the users table (a 32-bit INTEGER column): no such user exists. */
export function canBeStored(handle: Handle): boolean {
  return handle <= MAX_INT;
}
