import type { DatabaseDialect } from "../../src/database-url.js";
import { type Activity, activityDatabase, activityDatabaseOn } from "../support/activity.js";
import type { TestDatabase } from "../support/database.js";
import type { DialectDatabase } from "../support/stores.js";

// Ten users in three camps, small enough to reason about by hand:
//   web:      1 (javascript, react, web; watched js-basics; javascript 150), 2 (javascript, web; js-basics; 120),
//             9 (javascript, react), 10 (web, css), 5 (javascript, python: a bridge between the camps),
//             7 (security, javascript)
//   data:     3 (python, data; py-data and ml-intro; python 200), 4 (python, machine-learning; ml-intro)
//   ml-intro has two authors, as a play-by-play course has: 3's view names 901, 4's names 903.
//   security: 6 (security; watched sec-101)
//   nobody:   8 exists with no data at all, so it is known but has no neighbours.
// So user 1 has exactly five neighbours (2, 9, 10, 5, 7: everyone sharing a tag with it), K = 5. The ranking itself
// comes from the real engine (runRanking), so these tests check the API against whatever the engine stored, never
// against scores copied here.

const day = (d: string) => new Date(`${d}T00:00:00.000Z`);
const at = (t: string) => new Date(`${t}.000Z`);

export const handles = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export { rank, top } from "../support/activity.js";

const follows: [number, string, string][] = [
  [1, "javascript", "2017-06-27T16:26:52"],
  [1, "react", "2017-06-27T16:26:52"],
  [1, "web", "2017-06-28T09:00:00"],
  [2, "javascript", "2017-07-01T10:00:00"],
  [2, "web", "2017-07-01T10:00:00"],
  [3, "python", "2017-07-02T11:00:00"],
  [3, "data", "2017-07-02T11:00:00"],
  [4, "python", "2017-07-03T12:00:00"],
  [4, "machine-learning", "2017-07-03T12:00:00"],
  [5, "javascript", "2017-07-04T13:00:00"],
  [5, "python", "2017-07-04T13:00:00"],
  [6, "security", "2017-07-05T14:00:00"],
  [7, "security", "2017-07-06T15:00:00"],
  [7, "javascript", "2017-07-06T15:00:00"],
  [9, "javascript", "2017-07-07T16:00:00"],
  [9, "react", "2017-07-07T16:00:00"],
  [10, "web", "2017-07-08T17:00:00"],
  [10, "css", "2017-07-08T17:00:00"],
];

const views: [number, string, string, number, number][] = [
  [1, "js-basics", "2017-06-27", 900, 600],
  [1, "js-basics", "2017-06-28", 900, 300],
  [2, "js-basics", "2017-07-01", 900, 1200],
  [3, "py-data", "2017-07-02", 901, 3000],
  [3, "ml-intro", "2017-07-03", 901, 600],
  [4, "ml-intro", "2017-07-03", 903, 1800],
  [6, "sec-101", "2017-07-05", 902, 900],
];

const activity: Activity = {
  users: handles.map((handle) => ({ handle })),
  courses: [
    { id: "js-basics", level: "Beginner" },
    { id: "py-data", level: "Intermediate" },
    { id: "ml-intro", level: "Advanced" },
    { id: "sec-101", level: "Beginner" },
  ],
  courseAuthors: [
    { courseId: "js-basics", authorHandle: 900 },
    { courseId: "py-data", authorHandle: 901 },
    { courseId: "ml-intro", authorHandle: 901 },
    { courseId: "ml-intro", authorHandle: 903 },
    { courseId: "sec-101", authorHandle: 902 },
  ],
  courseTags: [
    { courseId: "js-basics", tag: "javascript" },
    { courseId: "js-basics", tag: "web" },
    { courseId: "py-data", tag: "python" },
    { courseId: "py-data", tag: "data" },
    { courseId: "ml-intro", tag: "python" },
    { courseId: "ml-intro", tag: "machine-learning" },
    { courseId: "sec-101", tag: "security" },
  ],
  interests: follows.map(([userHandle, tag, t]) => ({ userHandle, tag, followedAt: at(t) })),
  courseViews: views.map(([userHandle, courseId, d, authorHandle, seconds]) => ({ userHandle, courseId, viewedOn: day(d), authorHandle, seconds })),
  assessmentScores: [
    { userHandle: 1, tag: "javascript", takenAt: at("2017-06-29T08:00:00"), score: 150 },
    { userHandle: 2, tag: "javascript", takenAt: at("2017-07-02T08:00:00"), score: 120 },
    { userHandle: 3, tag: "python", takenAt: at("2017-07-03T08:00:00"), score: 200 },
  ],
};

/** A fresh database holding the fixture and, when `ranked`, one complete run of it (K = top). */
export function fixtureDatabase({ ranked }: { ranked: boolean }): Promise<TestDatabase> {
  return activityDatabase(activity, { ranked });
}

/** The fixture on either database. */
export function fixtureDatabaseOn(dialect: DatabaseDialect, { ranked }: { ranked: boolean }): Promise<DialectDatabase> {
  return activityDatabaseOn(dialect, activity, { ranked });
}
