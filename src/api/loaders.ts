import type { PrismaClient } from "@prisma/client";
import DataLoader from "dataloader";
import { loadProfiles, type UserProfile } from "../profiles/load-profiles.js";
import type { NeighbourRow, ServedRun } from "../rankings/served-run.js";
import { canBeStored, type Handle } from "./handle.js";
import type { NeighbourReader } from "../rankings/neighbour-reader.js";
import type { Assessment, Interest } from "./user.type.js";

/**
 * Per-request batching: every loader gathers the handles asked for in one tick and answers them with one query
 * (`in` over the keys, regrouped in key order), so a list of N users costs the same few statements as one user.
 * Built in the context function, one set per request, so nothing cached outlives the request (DataLoader README,
 * "Creating a new DataLoader per request").
 */
export interface Loaders {
  /** Whether a user with the handle exists. */
  userExists: DataLoader<Handle, boolean>;
  /** Followed tags, oldest first. */
  interests: DataLoader<Handle, Interest[]>;
  /** Assessments, oldest first. */
  assessments: DataLoader<Handle, Assessment[]>;
  /** The first `limit` neighbours of a user in the request's run, best first; null when no run is served. */
  neighbours: DataLoader<NeighbourKey, NeighbourRow[], string> | null;
  /** Weighted tag sets as the request's run computed them (same idf setting); null when no run is served. */
  profiles: DataLoader<Handle, UserProfile> | null;
}

export interface NeighbourKey {
  handle: Handle;
  limit: number;
}

const emptyProfile = (): UserProfile => ({ interests: [], courses: [], assessments: [] });

export function createLoaders(prisma: PrismaClient, reader: NeighbourReader, run: ServedRun | null): Loaders {
  return {
    userExists: new DataLoader(async (handles) => {
      const storable = handles.filter(canBeStored);
      const found = await prisma.user.findMany({ where: { handle: { in: storable } }, select: { handle: true } });
      const present = new Set(found.map((u) => u.handle));
      return handles.map((h) => present.has(h));
    }),
    interests: new DataLoader(async (handles) => {
      const rows = await prisma.interest.findMany({
        where: { userHandle: { in: [...handles] } },
        orderBy: [{ followedAt: "asc" }, { id: "asc" }],
        select: { userHandle: true, tag: true, followedAt: true },
      });
      return groupInKeyOrder(handles, rows, (r) => r.userHandle);
    }),
    assessments: new DataLoader(async (handles) => {
      const rows = await prisma.assessmentScore.findMany({
        where: { userHandle: { in: [...handles] } },
        orderBy: [{ takenAt: "asc" }, { id: "asc" }],
        select: { userHandle: true, tag: true, takenAt: true, score: true },
      });
      return groupInKeyOrder(handles, rows, (r) => r.userHandle);
    }),
    neighbours:
      run &&
      new DataLoader(
        async (keys) => {
          // One statement for the batch, reading as deep as its largest limit; each key keeps its own prefix.
          const limit = Math.max(...keys.map((k) => k.limit));
          const byUser = reader.neighbours(run.id, [...new Set(keys.map((k) => k.handle))], limit);
          return keys.map((k) => byUser.get(k.handle)!.slice(0, k.limit));
        },
        { cacheKeyFn: (k) => `${k.handle}:${k.limit}` },
      ),
    profiles:
      run &&
      new DataLoader(async (handles) => {
        const byUser = await loadProfiles(prisma, { handles, idf: run.parameters.idf });
        return handles.map((h) => byUser.get(h) ?? emptyProfile());
      }),
  };
}

/** Rows regrouped under the key they belong to, one (possibly empty) list per key in key order, row order kept. */
function groupInKeyOrder<R>(keys: readonly Handle[], rows: readonly R[], keyOf: (row: R) => Handle): R[][] {
  const groups = new Map<Handle, R[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}
