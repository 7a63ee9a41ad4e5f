import { Arg, Ctx, Int, Query, Resolver, UseMiddleware } from "type-graphql";
import type { Context } from "./context.js";
import { pageLimit, sizedBy } from "./cost.js";
import { rankingRuns, servedRun } from "./ranking-run.service.js";
import { RankingRun } from "./ranking-run.type.js";
import { cutOffAtDeadline } from "./timeout.js";

@Resolver(_of => RankingRun)
@UseMiddleware(cutOffAtDeadline)
export class RankingRunResolver {
  @Query(_returns => RankingRun, { nullable: true, description: "The run being served; null before any completes." })
  rankingRun(@Ctx() ctx: Context) {
    return servedRun(ctx);
  }

  @Query(_returns => [RankingRun], {
    description: "The history of runs, newest first, whatever their status.",
    complexity: sizedBy("first", pageLimit),
  })
  rankingRuns(
    @Arg("name", _type => String, { nullable: true, description: "Default: the served name (RESULTS_TABLE)." })
    name: string | null,
    @Arg("first", _type => Int, { defaultValue: 20, description: "1..MAX_PAGE_SIZE." }) first: number,
    @Ctx() ctx: Context,
  ) {
    return rankingRuns(ctx, name, first);
  }
}
