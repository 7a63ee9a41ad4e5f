import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import type { Context } from "./context.js";
import { handleOfUserId, Node, userId } from "./node.js";
import { cutOffAtDeadline } from "./timeout.js";
import { findUser } from "./user.service.js";
import { User } from "./user.type.js";

@Resolver(_of => User)
export class NodeResolver {
  @Query(_returns => Node, { nullable: true, description: "The object with this global id; null when there is none." })
  @UseMiddleware(cutOffAtDeadline)
  async node(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context) {
    const user = await findUser(ctx, handleOfUserId(id));
    return user && Object.assign(new User(), user);
  }

  // Not under cutOffAtDeadline: it reads nothing, and a middleware would make every user's id a promise.
  @FieldResolver(_returns => ID)
  id(@Root() user: User) {
    return userId(user.handle);
  }
}
