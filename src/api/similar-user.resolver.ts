import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import type { Source } from "../profiles/source.js";
import type { Context } from "./context.js";
import { assumedSize, bySource, neighbourLimit, sizedBy } from "./cost.js";
import { SimilarUsersArgs } from "./similar-users.args.js";
import { sharedTagsOf, similarUsers } from "./similar-users.service.js";
import { SharedTags, SimilarUser } from "./similar-user.type.js";
import { SourceEnum } from "./source.type.js";
import { cutOffAtDeadline } from "./timeout.js";

@Resolver(_of => SimilarUser)
@UseMiddleware(cutOffAtDeadline)
export class SimilarUserResolver {
  @Query(_returns => [SimilarUser], {
    description: "The nearest neighbours of a user in the served ranking run.",
    complexity: sizedBy("limit", neighbourLimit),
  })
  similarUsers(@Args(_type => SimilarUsersArgs) { handle, limit }: SimilarUsersArgs, @Ctx() ctx: Context) {
    return similarUsers(ctx, handle, limit);
  }

  @FieldResolver(_returns => [SharedTags], {
    description: "Per source, the tags both users have: why they match.",
    // One entry per source (three, or one with `source`).
    complexity: bySource(3, 1),
  })
  sharedTags(
    @Root() pair: SimilarUser,
    @Arg("source", _type => SourceEnum, { nullable: true, description: "Only this source." }) source: Source | null,
    @Ctx() ctx: Context,
  ) {
    return sharedTagsOf(ctx, pair, source);
  }
}
