import type Database from "better-sqlite3";
import { sources } from "../profiles/source.js";
import type { NeighbourRow } from "./served-run.js";

type RawRow = [userHandle: number, rank: number, neighbour: number, score: number, i: number | null, c: number | null, a: number | null];

/** A stored neighbour row's columns after its run id: one J column per source, named after it. */
export const neighbourColumns = ["user_handle", "rank", "neighbour_handle", "score", ...sources];
const columns = neighbourColumns.join(", ");

/**
 * Neighbour rows of a run through prepared better-sqlite3 statements: the one way Kindred reads them (the API's hot
 * path, `npm run similar`, the tests). The same read through Prisma measured 3.2 ms per call against 0.1 ms here on
 * this machine, the difference being Prisma's query compiler and row mapping. Rows come
 * back as arrays (`raw`), which skips building an object per row inside better-sqlite3. Only `limit` rows per user
 * are read, not K: most requests ask for 5 of 20.
 */
export class NeighbourReader {
  private readonly one: Database.Statement<[number, number, number], RawRow>;
  private readonly many: Database.Statement<[number, string, number], RawRow>;

  constructor(db: Database.Database) {
    this.one = db
      .prepare<[number, number, number], RawRow>(
        `SELECT ${columns} FROM neighbours WHERE run_id = ? AND user_handle = ? AND rank <= ? ORDER BY rank`,
      )
      .raw(true);
    // Any number of users in one statement whose text never changes: the handles arrive as one JSON array.
    this.many = db
      .prepare<[number, string, number], RawRow>(
        `SELECT ${columns} FROM neighbours
         WHERE run_id = ? AND user_handle IN (SELECT value FROM json_each(?)) AND rank <= ?
         ORDER BY user_handle, rank`,
      )
      .raw(true);
  }

  /** The first `limit` neighbours of each handle in the run, best first; an empty list for a handle with none. */
  neighbours(runId: number, handles: readonly number[], limit: number): Map<number, NeighbourRow[]> {
    const rows =
      handles.length === 1 ? this.one.all(runId, handles[0], limit) : this.many.all(runId, JSON.stringify(handles), limit);
    const byUser = new Map<number, NeighbourRow[]>(handles.map((h) => [h, []]));
    for (const [userHandle, rank, neighbourHandle, score, interests, courses, assessments] of rows) {
      byUser.get(userHandle)!.push({ userHandle, rank, neighbourHandle, score, interests, courses, assessments });
    }
    return byUser;
  }
}
