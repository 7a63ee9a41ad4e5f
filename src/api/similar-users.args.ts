import { ArgsType, Field, ID, Int } from "type-graphql";
import { defaultPageSize } from "./paging.js";

@ArgsType()
export class LimitArgs {
  @Field(_type => Int, { defaultValue: 5, description: "How many neighbours, 1..K (the served run's top K)." })
  limit!: number;
}

@ArgsType()
export class SimilarUsersArgs extends LimitArgs {
  @Field(_type => ID, { description: "A positive integer handle." })
  handle!: string;
}

@ArgsType()
export class PageArgs {
  @Field(_type => Int, {
    nullable: true,
    defaultValue: defaultPageSize,
    description: "Page size, 1..MAX_PAGE_SIZE (a server setting, 100 unless changed); null means the default.",
  })
  first!: number | null;

  @Field(_type => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}
