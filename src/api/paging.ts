import type { Page } from "./connection.type.js";
import { badUserInput } from "./errors.js";

/** `first` checked against MAX_PAGE_SIZE: BAD_USER_INPUT naming `first` and the allowed range when outside it. */
export function checkPageSize(first: number, maxPageSize: number): number {
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw badUserInput("first", `first must be between 1 and ${maxPageSize} (MAX_PAGE_SIZE), got ${first}`);
  }
  return first;
}

/**
 * A connection page from up to `first + 1` rows fetched in order: the extra row only says that a next page exists.
 */
export function toPage<T>(rows: readonly T[], first: number, afterGiven: boolean, cursorOf: (row: T) => string): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: afterGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
