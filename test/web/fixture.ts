import { type Activity, activityDatabase } from "../support/activity.js";
import type { TestDatabase } from "../support/database.js";

// Ten users around web development, so user 1 shares tags with seven others and the page has five neighbours to
// show; 9 (python, data) is off to one side and 10 exists with no data at all. The ranking comes from the real
// engine (runRanking), so the browser tests assert what the page shows against the database, never numbers copied
// here.

const at = (t: string) => new Date(`${t}.000Z`);

export const knownHandle = 1;
export const unknownHandle = 999;

const follows: Record<number, string[]> = {
  1: ["javascript", "react", "web", "css"],
  2: ["javascript", "web", "css"],
  3: ["javascript", "react", "node"],
  4: ["javascript", "typescript", "web"],
  5: ["react", "css", "design"],
  6: ["javascript", "python"],
  7: ["web", "css", "html"],
  8: ["node", "typescript", "react"],
  9: ["python", "data"],
};

/** One author per course here: the pages do not show authors. */
const authorOf: Record<string, number> = { "js-basics": 900, "react-intro": 901, "py-data": 902 };

const views: [number, string, string, number][] = [
  [1, "js-basics", "2017-06-27", 1200],
  [1, "react-intro", "2017-06-28", 600],
  [2, "js-basics", "2017-07-01", 900],
  [3, "react-intro", "2017-07-02", 1800],
  [4, "js-basics", "2017-07-03", 300],
  [6, "py-data", "2017-07-04", 600],
  [8, "react-intro", "2017-07-05", 600],
  [9, "py-data", "2017-07-06", 3000],
];

const scores: [number, string, number][] = [
  [1, "javascript", 150],
  [2, "javascript", 120],
  [4, "javascript", 90],
  [3, "react", 200],
  [5, "css", 100],
];

const activity: Activity = {
  users: Array.from({ length: 10 }, (_, i) => ({ handle: i + 1 })),
  courses: [
    { id: "js-basics", level: "Beginner" },
    { id: "react-intro", level: "Intermediate" },
    { id: "py-data", level: "Intermediate" },
  ],
  courseAuthors: Object.entries(authorOf).map(([courseId, authorHandle]) => ({ courseId, authorHandle })),
  courseTags: [
    { courseId: "js-basics", tag: "javascript" },
    { courseId: "js-basics", tag: "web" },
    { courseId: "react-intro", tag: "react" },
    { courseId: "react-intro", tag: "javascript" },
    { courseId: "py-data", tag: "python" },
    { courseId: "py-data", tag: "data" },
  ],
  interests: Object.entries(follows).flatMap(([handle, tags]) =>
    tags.map((tag) => ({ userHandle: Number(handle), tag, followedAt: at("2017-06-27T16:26:52") })),
  ),
  courseViews: views.map(([userHandle, courseId, day, seconds]) => ({
    userHandle,
    courseId,
    viewedOn: new Date(`${day}T00:00:00.000Z`),
    authorHandle: authorOf[courseId],
    seconds,
  })),
  assessmentScores: scores.map(([userHandle, tag, score]) => ({ userHandle, tag, takenAt: at("2017-07-10T08:00:00"), score })),
};

/** A fresh database holding the fixture and, when `ranked`, one complete run of it (K = 5, no idf). */
export function webFixture({ ranked }: { ranked: boolean }): Promise<TestDatabase> {
  return activityDatabase(activity, { ranked });
}
