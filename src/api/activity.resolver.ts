import { Arg, Args, Ctx, Mutation, Resolver } from "type-graphql";
import { ActivityEventInput, AssessmentInput, CourseViewInput, InterestInput } from "./activity.input.js";
import { recordBatch, recordOne } from "./activity.service.js";
import { RecordedActivity } from "./activity.type.js";
import type { Context } from "./context.js";

// No cutOffAtDeadline here: it exists to stop reads that would start after REQUEST_TIMEOUT_MS, and a write that
// has been handed to the recorder either commits or is refused as a whole; a mutation reads nothing before it.
// A batch's size is bounded by MAX_BATCH_EVENTS, not by the cost estimate: the answer only echoes what was sent.

@Resolver(_of => RecordedActivity)
export class ActivityResolver {
  @Mutation(_returns => RecordedActivity, { description: "Records a follow. BAD_USER_INPUT (argumentName: the field) stores nothing." })
  recordInterest(@Args(_type => InterestInput) event: InterestInput, @Ctx() ctx: Context) {
    return recordOne(ctx, { kind: "interest", ...event });
  }

  @Mutation(_returns => RecordedActivity, { description: "Records a day's viewing of a course. BAD_USER_INPUT (argumentName: the field) stores nothing." })
  recordCourseView(@Args(_type => CourseViewInput) event: CourseViewInput, @Ctx() ctx: Context) {
    return recordOne(ctx, { kind: "courseView", ...event });
  }

  @Mutation(_returns => RecordedActivity, { description: "Records an assessment. BAD_USER_INPUT (argumentName: the field) stores nothing." })
  recordAssessment(@Args(_type => AssessmentInput) event: AssessmentInput, @Ctx() ctx: Context) {
    return recordOne(ctx, { kind: "assessment", ...event });
  }

  @Mutation(_returns => RecordedActivity, {
    description:
      "Records a batch of events, all or nothing, in order. BAD_USER_INPUT (argumentName: events, with eventIndex and field) stores none of them.",
  })
  recordActivity(
    @Arg("events", _type => [ActivityEventInput], { description: "1..MAX_BATCH_EVENTS events (default 1000)." }) events: ActivityEventInput[],
    @Ctx() ctx: Context,
  ) {
    return recordBatch(ctx, events);
  }
}
