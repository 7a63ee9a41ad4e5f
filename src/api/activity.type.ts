import { GraphQLDate } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";

// What a batch stored, event by event, in the shape the client sent it (ActivityEventInput), with each value as the
// seed would store it: timestamps in UTC, the level in its canonical spelling, strings trimmed.

@ObjectType({ simpleResolvers: true, description: "A stored follow." })
export class InterestEvent {
  @Field(_type => Int)
  handle!: number;

  @Field(_type => String)
  tag!: string;

  @Field(_type => Date)
  followedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "A stored course view." })
export class CourseViewEvent {
  @Field(_type => Int)
  handle!: number;

  @Field(_type => String)
  courseId!: string;

  @Field(_type => GraphQLDate, { description: "The day watched (UTC)." })
  viewedOn!: Date;

  @Field(_type => Int)
  seconds!: number;

  @Field(_type => Int)
  authorHandle!: number;

  @Field(_type => String, { description: "Beginner, Intermediate or Advanced." })
  level!: string;
}

@ObjectType({ simpleResolvers: true, description: "A stored assessment." })
export class AssessmentEvent {
  @Field(_type => Int)
  handle!: number;

  @Field(_type => String)
  tag!: string;

  @Field(_type => Date)
  takenAt!: Date;

  @Field(_type => Int)
  score!: number;
}

@ObjectType({ simpleResolvers: true, description: "One stored event: exactly one of its fields is set." })
export class RecordedEvent {
  @Field(_type => InterestEvent, { nullable: true })
  interest!: InterestEvent | null;

  @Field(_type => CourseViewEvent, { nullable: true })
  courseView!: CourseViewEvent | null;

  @Field(_type => AssessmentEvent, { nullable: true })
  assessment!: AssessmentEvent | null;
}

@ObjectType({ simpleResolvers: true, description: "What a committed batch stored, and the served run it updated." })
export class RecordedActivity {
  @Field(_type => [RecordedEvent], { description: "The events as stored, in the batch's order." })
  events!: RecordedEvent[];

  @Field(_type => Int, { description: "Events that repeated a stored row exactly: collapsed, as the seed does (stored once)." })
  duplicates!: number;

  @Field(_type => Int, {
    nullable: true,
    description: "The served run's revision after the batch (events it has absorbed); null when no run is served yet (the events are stored all the same).",
  })
  revision!: number | null;

  @Field(_type => Date, { nullable: true, description: "When the served run's last absorbed event was recorded (null before its first, or when no run is served)." })
  lastEventAt!: Date | null;

  @Field(_type => Int, { nullable: true, description: "The served run's id; null when no run is served." })
  runId!: number | null;

  @Field(_type => [Int], { description: "Users whose neighbour list in the served run changed (similarUsersChanged fires for each)." })
  changed!: number[];
}
