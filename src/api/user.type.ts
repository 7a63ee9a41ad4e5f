import { Field, ID, Int, ObjectType } from "type-graphql";
import { GraphQLDate } from "graphql-scalars";
import { Connection } from "./connection.type.js";
import type { Handle } from "../domain/handle.js";
import { Node } from "./node.js";

/** A learner. Only the handle is stored on the object; every other field is resolved (and batched) on demand. */
@ObjectType({ implements: Node, simpleResolvers: true, description: "A learner, known by an anonymous positive integer handle." })
export class User {
  /** Never stored: resolved from the handle (node.resolver.ts). */
  @Field(_type => ID, { description: "The global id (Node); `handle` is the platform's own key." })
  id?: string;

  @Field(_type => ID)
  handle!: Handle;
}

@ObjectType({ simpleResolvers: true, description: "A tag the user follows, and when they followed it." })
export class Interest {
  @Field(_type => String)
  tag!: string;

  @Field(_type => Date)
  followedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "An assessment the user took." })
export class Assessment {
  @Field(_type => String)
  tag!: string;

  @Field(_type => Date)
  takenAt!: Date;

  @Field(_type => Int)
  score!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "A day on which the user watched a course (a day can hold two views of one course, one per author).",
})
export class CourseView {
  /** Internal: the row id, which orders views within a day and makes the cursor. */
  id!: number;

  @Field(_type => GraphQLDate, { description: "The day watched (UTC)." })
  viewedOn!: Date;

  @Field(_type => String)
  courseId!: string;

  @Field(_type => Int, { description: "The author this view names: one of the course's authors." })
  author!: number;

  @Field(_type => [Int], {
    description: "The course's authors, ascending: every author its views name (most courses have one, a play-by-play two).",
  })
  courseAuthors!: number[];

  @Field(_type => String, { nullable: true, description: "Beginner, Intermediate or Advanced." })
  level!: string | null;

  @Field(_type => Int, { description: "Seconds watched that day." })
  seconds!: number;

  @Field(_type => [String], { description: "The course's tags, as its author wrote them." })
  tags!: string[];
}

export const UserConnection = Connection(User, "User");
export const CourseViewConnection = Connection(CourseView, "CourseView");
