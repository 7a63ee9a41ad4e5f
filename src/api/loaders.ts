import DataLoader from "dataloader";
import type { Stores } from "../db.js";
import { canBeStored, type Handle } from "../domain/handle.js";
import { loadProfiles, type UserProfile } from "../profiles/load-profiles.js";
import type { NeighbourRow, ServedRun } from "../rankings/ranking-store.js";
import type { NeighbourKey } from "./neighbour-batches.js";
import type { AssessmentRecord, InterestRecord } from "./user-store.js";

/**
 * Per-request batching: every loader gathers the handles asked for in one tick and answers them with one statement
 * per kind, whatever their number, so a list of N users costs the same few statements as one user. Built in the
 * context function, one set per request, so nothing cached outlives the request (DataLoader README, "Creating a new
 * DataLoader per request"); neighbours, which caches nothing, is the server's one loader (neighbour-batches.ts).
 */
export interface Loaders {
  /** Whether a user with the handle exists. */
  userExists: DataLoader<Handle, boolean>;
  /** Followed tags, oldest first. */
  interests: DataLoader<Handle, InterestRecord[]>;
  /** Assessments, oldest first. */
  assessments: DataLoader<Handle, AssessmentRecord[]>;
  /** The first `limit` neighbours of a user in a run, best first; shared by every request (neighbour-batches.ts). */
  neighbours: DataLoader<NeighbourKey, NeighbourRow[]>;
  /** Weighted tag sets as the request's run computed them (same idf setting); null when no run is served. */
  profiles: DataLoader<Handle, UserProfile> | null;
}

const emptyProfile = (): UserProfile => ({ interests: [], courses: [], assessments: [] });

export function createLoaders({ users, profiles }: Stores, run: ServedRun | null, neighbours: Loaders["neighbours"]): Loaders {
  return {
    userExists: new DataLoader(async (handles) => {
      const present = await users.existing(handles.filter(canBeStored));
      return handles.map((h) => present.has(h));
    }),
    interests: new DataLoader((handles) => users.interests(handles)),
    assessments: new DataLoader((handles) => users.assessments(handles)),
    neighbours,
    profiles:
      run &&
      new DataLoader(async (handles) => {
        const byUser = await loadProfiles(profiles, { handles, idf: run.parameters.idf });
        return handles.map((h) => byUser.get(h) ?? emptyProfile());
      }),
  };
}
