import type { RunRecord, ServedRun } from "../rankings/ranking-store.js";
import type { RunParameters } from "../rankings/run-parameters.js";
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
  return (await ctx.rankings.runs(name ?? ctx.resultsTable, first)).map(fromRecord);
}

export function ageSeconds(finishedAt: Date | null, now = Date.now()): number | null {
  return finishedAt && (now - finishedAt.getTime()) / 1000;
}

function fromServedRun(run: ServedRun): RankingRun {
  return { ...run, status: "complete", ageSeconds: ageSeconds(run.finishedAt), error: null, method: methodOf(run.parameters), ...eventsOf(run) };
}

function fromRecord(run: RunRecord): RankingRun {
  return { ...run, ageSeconds: ageSeconds(run.finishedAt), method: methodOf(run.parameters), ...eventsOf(run) };
}

const eventsOf = ({ events }: RunRecord | ServedRun) => ({ revision: events.revision, lastEventAt: events.lastEventAt });

/** Runs stored before there was a choice were exact. */
const methodOf = (parameters: RunParameters | null) => parameters?.method ?? "exact";
