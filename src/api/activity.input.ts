import { ArgsType, Field, InputType, Int } from "type-graphql";

// The events a client sends, one class per kind, with the seed's column names. Values arrive as the client wrote
// them and the recorder checks them by the seed's own rules (src/events/activity-event.ts): dates as
// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC), a level in any case. Each class is both the arguments of its
// single-event mutation and one kind of ActivityEventInput.

@ArgsType()
@InputType({ description: "A follow: the user started following a tag." })
export class InterestInput {
  @Field(_type => Int, { description: "A positive integer handle; a new handle becomes a new user." })
  handle!: number;

  @Field(_type => String)
  tag!: string;

  @Field(_type => String, { description: "YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, UTC." })
  followedAt!: string;
}

@ArgsType()
@InputType({ description: "A day's viewing of a course; an unknown course is allowed, as in the seed." })
export class CourseViewInput {
  @Field(_type => Int, { description: "A positive integer handle; a new handle becomes a new user." })
  handle!: number;

  @Field(_type => String)
  courseId!: string;

  @Field(_type => String, { description: "YYYY-MM-DD, UTC." })
  viewedOn!: string;

  @Field(_type => Int, { description: "Seconds watched that day." })
  seconds!: number;

  @Field(_type => Int, { description: "The course's author this view names." })
  authorHandle!: number;

  @Field(_type => String, { description: "Beginner, Intermediate or Advanced, in any case." })
  level!: string;
}

@ArgsType()
@InputType({ description: "An assessment the user took." })
export class AssessmentInput {
  @Field(_type => Int, { description: "A positive integer handle; a new handle becomes a new user." })
  handle!: number;

  @Field(_type => String)
  tag!: string;

  @Field(_type => String, { description: "YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, UTC." })
  takenAt!: string;

  @Field(_type => Int)
  score!: number;
}

@InputType({ description: "One event of a batch: exactly one of its fields." })
export class ActivityEventInput {
  @Field(_type => InterestInput, { nullable: true })
  interest?: InterestInput | null;

  @Field(_type => CourseViewInput, { nullable: true })
  courseView?: CourseViewInput | null;

  @Field(_type => AssessmentInput, { nullable: true })
  assessment?: AssessmentInput | null;
}
