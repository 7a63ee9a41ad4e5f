import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "The weight α of each source in the combined score." })
export class SourceWeights {
  @Field(_type => Float)
  interests!: number;

  @Field(_type => Float)
  courses!: number;

  @Field(_type => Float)
  assessments!: number;
}

@ObjectType({ simpleResolvers: true, description: "What produced a ranking run." })
export class RankingParameters {
  @Field(_type => Int, { description: "K: neighbours kept per user, and the largest `limit` similarUsers accepts." })
  top!: number;

  @Field(_type => SourceWeights)
  weights!: SourceWeights;

  @Field(_type => Boolean, { description: "Whether tag weights were multiplied by an inverse document frequency." })
  idf!: boolean;

  @Field(_type => Int)
  workers!: number;
}

@ObjectType({ simpleResolvers: true, description: "How complete an approximate run's lists are." })
export class RunRecall {
  @Field(_type => Float, { description: "Share of a user's exact top 5 found in the run's top 5 (ties at the 5th score count), averaged over the sample." })
  at5!: number;

  @Field(_type => Float, { description: "The same for the top 20." })
  at20!: number;

  @Field(_type => Int, { description: "Users sampled at random (seeded) and ranked exactly to measure it." })
  sample!: number;
}

@ObjectType({ simpleResolvers: true, description: "One execution of `npm run rank`." })
export class RankingRun {
  @Field(_type => Int)
  id!: number;

  @Field(_type => String, { description: "The ranking name (RESULTS_TABLE), default user_ranking." })
  name!: string;

  @Field(_type => String, { description: "running, complete or failed." })
  status!: string;

  @Field(_type => Date)
  startedAt!: Date;

  @Field(_type => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(_type => Float, { nullable: true, description: "Seconds since finishedAt, when finished." })
  ageSeconds!: number | null;

  @Field(_type => Int)
  engineVersion!: number;

  @Field(_type => RankingParameters, { nullable: true, description: "Null when the stored JSON is unreadable." })
  parameters!: RankingParameters | null;

  @Field(_type => Int, { description: "Users ranked." })
  userCount!: number;

  @Field(_type => Int, { description: "Neighbour rows stored." })
  rowCount!: number;

  @Field(_type => Int, { nullable: true })
  loadMs!: number | null;

  @Field(_type => Int, { nullable: true })
  computeMs!: number | null;

  @Field(_type => Int, { nullable: true })
  writeMs!: number | null;

  @Field(_type => String, { nullable: true, description: "Why a failed run failed." })
  error!: string | null;

  @Field(_type => String, { description: "exact (every pair sharing a tag scored) or approximate (NN-Descent: every listed score exact, a few neighbours missed)." })
  method!: string;

  @Field(_type => RunRecall, { nullable: true, description: "An approximate run's recall; null for an exact run, whose lists are complete." })
  recall!: RunRecall | null;

  @Field(_type => Int, { description: "Events absorbed by live updates since the run loaded its data (0 for a run as ranked)." })
  revision!: number;

  @Field(_type => Date, { nullable: true, description: "When the last of those events was recorded; null before the first." })
  lastEventAt!: Date | null;
}
