/**
 * One synthetic user's rows. Each user belongs to a primary topic community (and, half the time, a secondary one)
 * and draws most interests, course views and assessments from them, so users of a community share tags and courses:
 * that is the structure a similarity measure should find. Shapes (PROFILE.md and the original assessment file):
 * distinct interest tags log-normal with median 12 and mean 21 (p90 48); 87.6 % of users view courses, distinct
 * courses log-normal with median ~5 and mean ~12; 1 + Geometric view days per course (mean 2.37); view time
 * log-normal with median 1,000 s and mean ~1,790 s, a few zeros, at most 44,400 s; 31 % of users take assessments,
 * 1 + Geometric of them (55 % take one), scores ~ N(140, 58) within 0..300.
 */
import type { Catalogue } from "./catalogue.js";
import type { Random } from "./random.js";

/** Seconds since the Unix epoch (UTC) bounding each kind of event, from the seeded data's ranges. */
const DAY = 86_400;
const utc = (iso: string) => Date.parse(`${iso}Z`) / 1000;
const INTERESTS_FROM = utc("2017-05-03T00:00:00");
const INTERESTS_TO = utc("2017-11-28T23:59:59");
const VIEWS_FROM_DAY = utc("2017-05-01T00:00:00") / DAY;
const VIEW_DAYS = 212;
const ASSESSMENTS_FROM = utc("2016-07-13T00:00:00");
const ASSESSMENTS_TO = utc("2017-11-28T23:59:59");

export interface InterestRow {
  tag: string;
  /** Seconds since the epoch, UTC, whole seconds. */
  followedAt: number;
}
export interface ViewRow {
  /** Days since the epoch, UTC. */
  day: number;
  course: number;
  seconds: number;
}
export interface AssessmentRow {
  tag: string;
  takenAt: number;
  score: number;
}
export interface UserRows {
  interests: InterestRow[];
  views: ViewRow[];
  assessments: AssessmentRow[];
}

/** A user's rows, each list in file order (by time, then as drawn). `random` is this user's own stream. */
export function generateUser(random: Random, catalogue: Catalogue): UserRows {
  const primary = catalogue.topicChoice.pick(random);
  const secondary = random.next() < 0.5 ? catalogue.topicChoice.pick(random) : primary;
  return {
    interests: interests(random, catalogue, primary, secondary),
    views: random.next() < 0.876 ? views(random, catalogue, primary, secondary) : [],
    assessments: random.next() < 0.311 ? assessments(random, catalogue, primary) : [],
  };
}

function interests(random: Random, catalogue: Catalogue, primary: number, secondary: number): InterestRow[] {
  const vocabulary = catalogue.topics.length * catalogue.topics[0].interestTags.length + catalogue.generalTags.length;
  const wanted = Math.min(Math.round(vocabulary * 0.8), Math.max(1, Math.round(random.logNormal(12, 1.06))));
  const tags = new Set<string>();
  // Past the community's own tags a user wanders: the share from random topics grows once those run out.
  for (let attempt = 0; tags.size < wanted && attempt < wanted * 20; attempt++) {
    const x = random.next();
    if (x < 0.15) tags.add(catalogue.generalTags[catalogue.generalChoice.pick(random)]);
    else {
      const topic = x < 0.7 ? primary : x < 0.85 ? secondary : catalogue.topicChoice.pick(random);
      const t = catalogue.topics[topic];
      tags.add(t.interestTags[t.interestChoice.pick(random)]);
    }
  }
  // 1 + Geometric(0.22) follow batches (1.29 per user in the real data), weeks apart; tags split evenly, in order.
  const batches = 1 + random.geometric(0.22);
  const times: number[] = [INTERESTS_FROM + random.int(INTERESTS_TO - INTERESTS_FROM)];
  for (let b = 1; b < batches; b++) times.push(Math.min(INTERESTS_TO, times[b - 1] + Math.round(random.logNormal(14 * DAY, 1))));
  const list = [...tags];
  return list.map((tag, i) => ({ tag, followedAt: times[Math.floor((i * batches) / list.length)] }));
}

function views(random: Random, catalogue: Catalogue, primary: number, secondary: number): ViewRow[] {
  const { courses, topics, topicChoice } = catalogue;
  const wanted = Math.min(Math.round(courses.length * 0.5), Math.max(1, Math.ceil(random.logNormal(4.5, 1.4))));
  const picked = new Set<number>();
  for (let attempt = 0; picked.size < wanted && attempt < wanted * 20; attempt++) {
    const x = random.next();
    const topic = topics[x < 0.7 ? primary : x < 0.85 ? secondary : topicChoice.pick(random)];
    if (topic.courseChoice) picked.add(topic.courses[topic.courseChoice.pick(random)]);
  }
  const firstDay = random.int(VIEW_DAYS);
  const span = Math.min(VIEW_DAYS - 1 - firstDay, Math.round(random.logNormal(30, 1)));
  const rows: ViewRow[] = [];
  for (const course of picked) {
    const days = new Set<number>();
    const wantedDays = Math.min(span + 1, 1 + random.geometric(0.578));
    while (days.size < wantedDays) days.add(firstDay + random.int(span + 1));
    for (const d of days) rows.push({ day: VIEWS_FROM_DAY + d, course, seconds: viewSeconds(random) });
  }
  return rows.sort((a, b) => a.day - b.day || a.course - b.course);
}

function viewSeconds(random: Random): number {
  if (random.next() < 0.001) return 0;
  return Math.min(44_400, Math.round(random.logNormal(1000, 1.078)));
}

function assessments(random: Random, catalogue: Catalogue, primary: number): AssessmentRow[] {
  const count = 1 + random.geometric(0.45);
  const rows: AssessmentRow[] = [];
  for (let i = 0; i < count; i++) {
    const own = catalogue.topics[primary].assessmentTags;
    const tag = random.next() < 0.6 ? own[random.int(own.length)] : catalogue.assessmentTags[random.int(catalogue.assessmentTags.length)];
    const score = Math.max(0, Math.min(300, Math.round(140 + 58 * random.normal())));
    rows.push({ tag, takenAt: ASSESSMENTS_FROM + random.int(ASSESSMENTS_TO - ASSESSMENTS_FROM), score });
  }
  return rows.sort((a, b) => a.takenAt - b.takenAt);
}
