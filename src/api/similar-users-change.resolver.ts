import { Args, Ctx, Resolver, Root, Subscription, UseMiddleware } from "type-graphql";
import type { ListsChange } from "../events/activity-event.js";
import type { Context } from "./context.js";
import { neighbourLimit, sizedBy } from "./cost.js";
import { changedList, listChanges } from "./similar-users-change.service.js";
import { SimilarUsersChange, SimilarUsersChangedArgs } from "./similar-users-change.type.js";
import { cutOffAtDeadline } from "./timeout.js";

@Resolver(_of => SimilarUsersChange)
@UseMiddleware(cutOffAtDeadline)
export class SimilarUsersChangeResolver {
  @Subscription(_returns => SimilarUsersChange, {
    description:
      "Fires after each committed batch of events that changed the user's neighbour list in the served run, with the new list (over graphql-ws at /graphql).",
    // Each event costs what one similarUsers(limit) with the same selection costs (the whole selection counted limit times).
    complexity: sizedBy("limit", neighbourLimit),
    subscribe: ({ args, context }) => listChanges(context as Context, (args as SimilarUsersChangedArgs).handle, (args as SimilarUsersChangedArgs).limit),
  })
  similarUsersChanged(@Root() change: ListsChange, @Args(_type => SimilarUsersChangedArgs) { handle, limit }: SimilarUsersChangedArgs, @Ctx() ctx: Context) {
    return changedList(ctx, change, handle, limit);
  }
}
