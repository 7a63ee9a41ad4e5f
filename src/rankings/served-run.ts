import type { PrismaClient } from "@prisma/client";
import type { RunParameters } from "./run-parameters.js";

/** A complete ranking run, as the API and the command-line look-ups serve it. */
export interface ServedRun {
  id: number;
  name: string;
  startedAt: Date;
  finishedAt: Date;
  engineVersion: number;
  parameters: RunParameters;
  userCount: number;
  rowCount: number;
  loadMs: number;
  computeMs: number;
  writeMs: number;
}

/** One stored neighbour; per-source J is null where neither user has data in that source. */
export interface NeighbourRow {
  userHandle: number;
  rank: number;
  neighbourHandle: number;
  score: number;
  interests: number | null;
  courses: number | null;
  assessments: number | null;
}

/** The newest complete run of `name`, or null when none has completed yet. */
export async function findServedRun(prisma: PrismaClient, name: string): Promise<ServedRun | null> {
  const run = await prisma.rankingRun.findFirst({ where: { name, status: "complete" }, orderBy: { id: "desc" } });
  if (!run || !run.finishedAt) return null;
  return {
    id: run.id,
    name: run.name,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    engineVersion: run.engineVersion,
    parameters: JSON.parse(run.parameters) as RunParameters,
    userCount: run.userCount,
    rowCount: run.rowCount,
    loadMs: run.loadMs ?? 0,
    computeMs: run.computeMs ?? 0,
    writeMs: run.writeMs ?? 0,
  };
}
