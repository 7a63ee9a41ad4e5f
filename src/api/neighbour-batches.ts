import DataLoader from "dataloader";
import type { Handle } from "../domain/handle.js";
import type { NeighbourRow, RankingStore } from "../rankings/ranking-store.js";

export interface NeighbourKey {
  runId: number;
  handle: Handle;
  limit: number;
}

/**
 * Neighbour reads of every request in flight, one loader for the whole server: what the requests of one wave ask
 * for (turns.ts starts the resolvers of one turn in one pass) goes to the store as one statement per run, so a busy
 * server pays one round trip for a wave, not one per request. Nothing is cached (`cache: false`): each read asks the
 * store, so memory does not grow with the handles served, and a key names its run, so a wave that straddles a run
 * switch reads each request's own run.
 */
export function neighbourBatches(rankings: RankingStore): DataLoader<NeighbourKey, NeighbourRow[]> {
  return new DataLoader(
    async (keys) => {
      const byRun = new Map<number, NeighbourKey[]>();
      for (const key of keys) {
        const group = byRun.get(key.runId);
        if (group) group.push(key);
        else byRun.set(key.runId, [key]);
      }
      const read = new Map(
        await Promise.all(
          [...byRun].map(async ([runId, group]) => {
            // Read as deep as the group's largest limit; each key keeps its own prefix.
            const limit = Math.max(...group.map((k) => k.limit));
            return [runId, await rankings.neighbours(runId, [...new Set(group.map((k) => k.handle))], limit)] as const;
          }),
        ),
      );
      return keys.map((k) => read.get(k.runId)!.get(k.handle)!.slice(0, k.limit));
    },
    { cache: false },
  );
}
