import DataLoader from "dataloader";
import type { Stores } from "../db.js";
import { canBeStored, type Handle } from "../domain/handle.js";
import { loadProfiles, type UserProfile } from "../profiles/load-profiles.js";
import type { NeighbourRow, ServedRun } from "../rankings/ranking-store.js";
import type { AssessmentRecord, InterestRecord } from "./user-store.js";

/**
 * Per-request batching: every loader gathers the handles asked for in one tick and answers them with one statement
 * per kind, whatever their number, so a list of N users costs the same few statements as one user. Built in the
 * context function, one set per request, so nothing cached outlives the request (DataLoader README, "Creating a new
 * DataLoader per request").
 */
export interface Loaders {
  /** Whether a user with the handle exists. */
  userExists: DataLoader<Handle, boolean>;
  /** Followed tags, oldest first. */
  interests: DataLoader<Handle, InterestRecord[]>;
  /** Assessments, oldest first. */
  assessments: DataLoader<Handle, AssessmentRecord[]>;
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

export function createLoaders({ users, rankings, profiles }: Stores, run: ServedRun | null): Loaders {
  return {
    userExists: new DataLoader(async (handles) => {
      const present = await users.existing(handles.filter(canBeStored));
      return handles.map((h) => present.has(h));
    }),
    interests: new DataLoader((handles) => users.interests(handles)),
    assessments: new DataLoader((handles) => users.assessments(handles)),
    neighbours:
      run &&
      new DataLoader(
        async (keys) => {
          // One statement for the batch, reading as deep as its largest limit; each key keeps its own prefix.
          const limit = Math.max(...keys.map((k) => k.limit));
          const byUser = await rankings.neighbours(run.id, [...new Set(keys.map((k) => k.handle))], limit);
          return keys.map((k) => byUser.get(k.handle)!.slice(0, k.limit));
        },
        { cacheKeyFn: (k) => `${k.handle}:${k.limit}` },
      ),
    profiles:
      run &&
      new DataLoader(async (handles) => {
        const byUser = await loadProfiles(profiles, { handles, idf: run.parameters.idf });
        return handles.map((h) => byUser.get(h) ?? emptyProfile());
      }),
  };
}
