import { Field, Float, Int, ObjectType } from "type-graphql";
import type { Source } from "../profiles/source.js";
import type { Handle } from "../domain/handle.js";
import { assumedSize, assumedSizes } from "./cost.js";
import { SourceEnum, SourceScores } from "./source.type.js";
import { User } from "./user.type.js";

@ObjectType({ simpleResolvers: true, description: "A tag both users have in one source, with each one's weight." })
export class SharedTag {
  @Field(_type => String)
  tag!: string;

  @Field(_type => Float, { description: "The weight for the user whose neighbours were asked for." })
  userWeight!: number;

  @Field(_type => Float, { description: "The weight for the neighbour." })
  neighbourWeight!: number;
}

@ObjectType({ simpleResolvers: true, description: "The tags two users share in one source." })
export class SharedTags {
  @Field(_type => SourceEnum)
  source!: Source;

  @Field(_type => [SharedTag], {
    description:
      "Heaviest first: by the smaller of the two weights (what the tag adds to the Jaccard numerator), then the larger, then by tag.",
    complexity: assumedSize(assumedSizes.sharedTags),
  })
  tags!: SharedTag[];
}

@ObjectType({ simpleResolvers: true, description: "One of a user's nearest neighbours in the served ranking run." })
export class SimilarUser {
  /** Internal: whose neighbour this is (for sharedTags). */
  of!: Handle;

  @Field(_type => Int, { description: "1 is the most similar." })
  rank!: number;

  @Field(_type => Float, { description: "The combined score in [0, 1]: the run's weighted mean of the sources." })
  score!: number;

  @Field(_type => SourceScores, { description: "The weighted Jaccard of each source (J), null where undefined." })
  sources!: SourceScores;

  // A plain field holding { handle }, not a field resolver: the neighbour's handle is all the row has, and the User
  // resolvers load the rest on demand. Resolving it per item cost type-graphql a class instance and a parameter
  // pass for each neighbour, on the hottest path.
  @Field(_type => User, { description: "The neighbour." })
  user!: User;
}
