import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import type { Source } from "../profiles/source.js";
import type { Context } from "./context.js";
import { assumedSize, assumedSizes, bySource, neighbourLimit, pageLimit, sizedBy, withOwnQuery } from "./cost.js";
import { LimitArgs, PageArgs } from "./similar-users.args.js";
import { similarUsers } from "./similar-users.service.js";
import { SimilarUser } from "./similar-user.type.js";
import { SourceEnum, WeightedTag } from "./source.type.js";
import { cutOffAtDeadline, ownQuerySlot } from "./timeout.js";
import { assessmentsOf, courseViewsPage, findUser, interestsOf, usersPage, weightedTagsOf } from "./user.service.js";
import { Assessment, CourseViewConnection, Interest, User, UserConnection } from "./user.type.js";
import { defaultPageSize } from "./paging.js";

const pageCost = sizedBy("first", pageLimit, defaultPageSize);

@Resolver(_of => User)
@UseMiddleware(cutOffAtDeadline)
export class UserResolver {
  @Query(_returns => User, { nullable: true, description: "A user by handle; null when there is no such user." })
  user(@Arg("handle", _type => ID) handle: string, @Ctx() ctx: Context) {
    return findUser(ctx, handle);
  }

  @Query(_returns => UserConnection, { description: "Every user, by ascending handle.", complexity: pageCost })
  users(@Args(_type => PageArgs) { first, after }: PageArgs, @Ctx() ctx: Context) {
    return usersPage(ctx, first, after);
  }

  @FieldResolver(_returns => [Interest], {
    description: "Followed tags, oldest first.",
    complexity: assumedSize(assumedSizes.interests),
  })
  interests(@Root() user: User, @Ctx() ctx: Context) {
    return interestsOf(ctx, user);
  }

  @FieldResolver(_returns => CourseViewConnection, { description: "Course views, oldest first.", complexity: withOwnQuery(pageCost) })
  @UseMiddleware(ownQuerySlot)
  courseViews(@Root() user: User, @Args(_type => PageArgs) { first, after }: PageArgs, @Ctx() ctx: Context) {
    return courseViewsPage(ctx, user, first, after);
  }

  @FieldResolver(_returns => [Assessment], {
    description: "Assessments taken, oldest first.",
    complexity: assumedSize(assumedSizes.assessments),
  })
  assessments(@Root() user: User, @Ctx() ctx: Context) {
    return assessmentsOf(ctx, user);
  }

  @FieldResolver(_returns => [WeightedTag], {
    description: "The weighted tag set the served run's engine used, per source, heaviest first.",
    complexity: bySource(assumedSizes.tags, assumedSizes.tagsOfOneSource),
  })
  tags(
    @Root() user: User,
    @Arg("source", _type => SourceEnum, { nullable: true, description: "Only this source." }) source: Source | null,
    @Ctx() ctx: Context,
  ) {
    return weightedTagsOf(ctx, user, source);
  }

  @FieldResolver(_returns => [SimilarUser], {
    description: "The user's nearest neighbours in the served run.",
    complexity: sizedBy("limit", neighbourLimit),
  })
  similarUsers(@Root() user: User, @Args(_type => LimitArgs) { limit }: LimitArgs, @Ctx() ctx: Context) {
    return similarUsers(ctx, String(user.handle), limit);
  }
}
