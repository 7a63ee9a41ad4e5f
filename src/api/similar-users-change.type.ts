import { ArgsType, Field, Int, ObjectType } from "type-graphql";
import { SimilarUser } from "./similar-user.type.js";

@ArgsType()
export class SimilarUsersChangedArgs {
  @Field(_type => Int, { description: "A positive integer handle: the user whose list to follow (a handle with no data yet is allowed)." })
  handle!: number;

  @Field(_type => Int, { defaultValue: 5, description: "How many neighbours each change carries, 1..K (the served run's top K)." })
  limit!: number;
}

@ObjectType({ simpleResolvers: true, description: "A user's neighbour list changed in the served run." })
export class SimilarUsersChange {
  @Field(_type => Int)
  handle!: number;

  @Field(_type => Int, { description: "The served run's revision that changed it." })
  revision!: number;

  @Field(_type => [SimilarUser], {
    description: "The list as similarUsers(handle, limit) answers right after the change was committed.",
  })
  similarUsers!: SimilarUser[];
}
