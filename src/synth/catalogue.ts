/**
 * The platform a synthetic population lives on: latent topic communities, their tags, courses and assessments.
 * Shapes follow the published profile of the originals (seeds/README.md) and the two original CSVs (course_tags, assessment scores): about 750
 * interest tags and 1,000 course tags sharing most names, 1-10 tags per course (half have one), 2 % of courses
 * listed with a blank tag, 54 assessment tags, levels 46.6 % Beginner / 47.9 % Intermediate / 5.5 % Advanced,
 * about 4.2 courses per author.
 */
import { type Level, levels } from "../import/cells.js";
import { Random, WeightedChoice, zipfWeights } from "./random.js";

const TOPIC_COUNT = 40;
/** Tags a topic shares between interests and course tags, and tags only its courses carry. */
const SHARED_TAGS_PER_TOPIC = 18;
const COURSE_ONLY_TAGS_PER_TOPIC = 6;
/** Broad tags anyone may follow whatever their community ("javascript", "cloud-computing" in the real data). */
const GENERAL_TAG_COUNT = 30;
/** Topics whose second tag also has an assessment: 40 + 14 = 54 assessment tags, as in the original file. */
const TOPICS_WITH_TWO_ASSESSMENTS = 14;

const levelChoice = new WeightedChoice([0.466, 0.479, 0.055]);

export interface Course {
  id: string;
  /** Normalized tag names; [""] for a course the catalogue lists with a blank tag. */
  tags: string[];
  authorHandle: number;
  level: Level;
}

export interface Topic {
  /** Tags its members follow, most popular first. */
  interestTags: string[];
  interestChoice: WeightedChoice;
  /** Indexes into Catalogue.courses, most viewed first. */
  courses: number[];
  courseChoice: WeightedChoice | null;
  assessmentTags: string[];
}

export interface Catalogue {
  topics: Topic[];
  /** How many users have each topic as a community. */
  topicChoice: WeightedChoice;
  generalTags: string[];
  generalChoice: WeightedChoice;
  courses: Course[];
  assessmentTags: string[];
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const topicTag = (topic: number, j: number) => `t${pad(topic, 2)}-${pad(j, 2)}`;

/** Courses for a population: the catalogue grows with the square root of the users (6,000 at 10k users, as in the
 *  seeded data), since a platform's catalogue grows far slower than its audience. */
export function courseCountFor(users: number): number {
  return Math.max(60, Math.round(6000 * Math.sqrt(users / 10_000)));
}

export function buildCatalogue(random: Random, courseCount: number): Catalogue {
  const topicChoice = new WeightedChoice(zipfWeights(TOPIC_COUNT, 0.7));
  const generalTags = Array.from({ length: GENERAL_TAG_COUNT }, (_, j) => `general-${pad(j, 2)}`);
  const topics: Topic[] = [];
  for (let t = 0; t < TOPIC_COUNT; t++) {
    const interestTags = Array.from({ length: SHARED_TAGS_PER_TOPIC }, (_, j) => topicTag(t, j));
    const assessmentTags = [topicTag(t, 0)];
    if (t < TOPICS_WITH_TWO_ASSESSMENTS) assessmentTags.push(topicTag(t, 1));
    topics.push({
      interestTags,
      interestChoice: new WeightedChoice(zipfWeights(interestTags.length, 0.9)),
      courses: [],
      courseChoice: null,
      assessmentTags,
    });
  }
  const courseTagChoice = new WeightedChoice(zipfWeights(SHARED_TAGS_PER_TOPIC + COURSE_ONLY_TAGS_PER_TOPIC, 0.8));
  const authorCount = Math.max(1, Math.round(courseCount / 4.2));
  const authorChoice = new WeightedChoice(zipfWeights(authorCount, 1));

  const courses: Course[] = [];
  for (let c = 0; c < courseCount; c++) {
    const topic = topicChoice.pick(random);
    const tags = random.next() < 0.02 ? [""] : courseTags(random, topic, courseTagChoice);
    courses.push({
      id: `course-${pad(c, 6)}`,
      tags,
      authorHandle: 1 + authorChoice.pick(random),
      level: levels[levelChoice.pick(random)],
    });
    topics[topic].courses.push(c);
  }
  for (const topic of topics) {
    if (topic.courses.length > 0) topic.courseChoice = new WeightedChoice(zipfWeights(topic.courses.length, 1));
  }
  return {
    topics,
    topicChoice,
    generalTags,
    generalChoice: new WeightedChoice(zipfWeights(GENERAL_TAG_COUNT, 1)),
    courses,
    assessmentTags: topics.flatMap((t) => t.assessmentTags),
  };
}

/** 1 + Geometric(0.49) distinct tags, at most 10 (51 % of real courses have one tag, 27 % two, 12 % three); one in
 *  ten comes from another topic, as real courses straddle subjects. */
function courseTags(random: Random, topic: number, choice: WeightedChoice): string[] {
  const count = Math.min(10, 1 + random.geometric(0.49));
  const tags = new Set<string>();
  for (let attempt = 0; tags.size < count && attempt < 50; attempt++) {
    const from = tags.size > 0 && random.next() < 0.1 ? random.int(TOPIC_COUNT) : topic;
    tags.add(topicTag(from, choice.pick(random)));
  }
  return [...tags];
}
