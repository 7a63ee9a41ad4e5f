import type { RankingRun as RankingRunRow } from "@prisma/client";
import type { RunParameters } from "../rankings/run-parameters.js";
import type { ServedRun } from "../rankings/served-run.js";
import type { Context } from "./context.js";
import { checkPageSize } from "./paging.js";
import type { RankingRun } from "./ranking-run.type.js";

/** The run being served, or null when none of RESULTS_TABLE's runs has completed. */
export function servedRun(ctx: Context): RankingRun | null {
  return ctx.run && fromServedRun(ctx.run);
}

/** Runs of `name` (default: the served name), newest first, whatever their status. */
export async function rankingRuns(ctx: Context, name: string | null | undefined, first: number): Promise<RankingRun[]> {
  checkPageSize(first, ctx.limits.maxPageSize);
  const rows = await ctx.prisma.rankingRun.findMany({
    where: { name: name ?? ctx.resultsTable },
    orderBy: { id: "desc" },
    take: first,
  });
  return rows.map(fromRow);
}

export function ageSeconds(finishedAt: Date | null, now = Date.now()): number | null {
  return finishedAt && (now - finishedAt.getTime()) / 1000;
}

function fromServedRun(run: ServedRun): RankingRun {
  return { ...run, status: "complete", ageSeconds: ageSeconds(run.finishedAt), error: null };
}

function fromRow(row: RankingRunRow): RankingRun {
  return { ...row, parameters: parseParameters(row.parameters), ageSeconds: ageSeconds(row.finishedAt) };
}

function parseParameters(json: string): RunParameters | null {
  try {
    return JSON.parse(json) as RunParameters;
  } catch {
    return null;
  }
}
