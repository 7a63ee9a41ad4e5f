import type { PrismaClient } from "@prisma/client";
import type { ServedRun } from "../rankings/served-run.js";
import type { ApiLimits } from "./limits.js";
import { createLoaders, type Loaders } from "./loaders.js";
import type { NeighbourReader } from "../rankings/neighbour-reader.js";
import type { ServedRunCache } from "./served-run-cache.js";

/** What every resolver and REST handler of one request sees. */
export interface Context {
  prisma: PrismaClient;
  /** The served run as of the start of the request: one request never mixes two runs. Null when none is complete. */
  run: ServedRun | null;
  /** The ranking name served (RESULTS_TABLE), for error messages and the run history. */
  resultsTable: string;
  limits: ApiLimits;
  loaders: Loaders;
  /** Date.now() after which the request is cut off (REQUEST_TIMEOUT_MS after the context was made; timeout.ts). */
  deadline: number;
}

export interface ContextDeps {
  prisma: PrismaClient;
  neighbourReader: NeighbourReader;
  servedRuns: ServedRunCache;
  limits: ApiLimits;
}

/** The per-request context function: the cached served run plus a fresh set of loaders. */
export function contextFactory({ prisma, neighbourReader, servedRuns, limits }: ContextDeps): () => Promise<Context> {
  return async () => {
    const run = await servedRuns.current();
    const deadline = Date.now() + limits.requestTimeoutMs;
    return { prisma, run, resultsTable: servedRuns.name, limits, loaders: createLoaders(prisma, neighbourReader, run), deadline };
  };
}
