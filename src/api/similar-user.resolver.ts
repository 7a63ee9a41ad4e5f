import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Source } from "../profiles/source.js";
import type { Context } from "./context.js";
import { SimilarUsersArgs } from "./similar-users.args.js";
import { sharedTagsOf, similarUsers } from "./similar-users.service.js";
import { SharedTags, SimilarUser } from "./similar-user.type.js";
import { SourceEnum } from "./source.type.js";

@Resolver(_of => SimilarUser)
export class SimilarUserResolver {
  @Query(_returns => [SimilarUser], { description: "The nearest neighbours of a user in the served ranking run." })
  similarUsers(@Args(_type => SimilarUsersArgs) { handle, limit }: SimilarUsersArgs, @Ctx() ctx: Context) {
    return similarUsers(ctx, handle, limit);
  }

  @FieldResolver(_returns => [SharedTags], { description: "Per source, the tags both users have: why they match." })
  sharedTags(
    @Root() pair: SimilarUser,
    @Arg("source", _type => SourceEnum, { nullable: true, description: "Only this source." }) source: Source | null,
    @Ctx() ctx: Context,
  ) {
    return sharedTagsOf(ctx, pair, source);
  }
}
