import { Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { type Source, sources } from "../profiles/source.js";

/** The GraphQL enum `Source`: its names are the source names themselves, so `interests` means the same everywhere. */
export const SourceEnum = Object.fromEntries(sources.map((s) => [s, s])) as { [S in Source]: S };

registerEnumType(SourceEnum, {
  name: "Source",
  description: "Where a user's tags come from.",
  valuesConfig: {
    interests: { description: "Tags the user follows; weight 1 each." },
    courses: { description: "Tags of the courses the user watched; weight ln(1 + minutes watched)." },
    assessments: { description: "Tags the user was assessed on; weight best score / 100." },
  },
});

@ObjectType({ simpleResolvers: true, description: "The weighted Jaccard similarity of two users in each source, in [0, 1]." })
export class SourceScores {
  @Field(_type => Float, { nullable: true, description: "Null when neither user follows any tag." })
  interests!: number | null;

  @Field(_type => Float, { nullable: true, description: "Null when neither user watched a tagged course." })
  courses!: number | null;

  @Field(_type => Float, { nullable: true, description: "Null when neither user took an assessment." })
  assessments!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "A tag in a user's weighted tag set." })
export class WeightedTag {
  @Field(_type => SourceEnum)
  source!: Source;

  @Field(_type => String)
  tag!: string;

  @Field(_type => Float, { description: "Greater than 0; see Source for each source's formula." })
  weight!: number;
}
