import type { Page } from "./connection.type.js";
import { badUserInput } from "./errors.js";

/** A connection's page size when `first` is left out or null (Relay's connection spec lets clients send null). */
export const defaultPageSize = 20;

/**
 * The page size `first` asks for, null meaning defaultPageSize, checked against MAX_PAGE_SIZE: BAD_USER_INPUT
 * naming `first` and the allowed range when outside it.
 */
export function checkPageSize(requested: number | null | undefined, maxPageSize: number): number {
  const first = requested ?? defaultPageSize;
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw badUserInput("first", `first must be between 1 and ${maxPageSize} (MAX_PAGE_SIZE), got ${first}`);
  }
  return first;
}

/**
 * A connection page from up to `first + 1` rows fetched in order: the extra row only says that a next page exists.
 * `count` counts every row of the connection, and runs only when a client asks for totalCount.
 */
export function toPage<T>(
  rows: readonly T[],
  first: number,
  afterGiven: boolean,
  cursorOf: (row: T) => string,
  count: () => Promise<number>,
): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    get totalCount() {
      return count();
    },
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: afterGiven,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
