/**
 * Writes a synthetic data set as the four CSVs Kindred seeds from, in the originals' layout: a quoted header,
 * integers bare, strings and dates double-quoted, LF line endings, rows by user then time. Deterministic: the same
 * users and seed give the same bytes. Users are written in blocks, so memory stays flat at any size.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { columnSpecs, type SeedFile } from "../import/columns.js";
import { buildCatalogue, courseCountFor } from "./catalogue.js";
import { deriveSeed, Random } from "./random.js";
import { generateUser } from "./user.js";

export interface SynthOptions {
  /** Users, handles 1..users. */
  users: number;
  /** Folder for the four files; created if missing, files overwritten. */
  out: string;
  seed: number;
}

export interface SynthSummary {
  courses: number;
  rows: Record<SynthFile, number>;
}

export const synthFiles = ["course_tags.csv", "user_interests.csv", "user_course_views.csv", "user_assessment_scores.csv"] as const;
export type SynthFile = (typeof synthFiles)[number];

/** Each file's header, the import's own column names (src/import/columns.ts), quoted as the original files are. */
const headerOf = (file: SynthFile) =>
  columnSpecs[file.replace(/\.csv$/, "") as SeedFile].map((column) => `"${column.name}"`).join(",");

/** Users generated between two writes: ~30k lines, a few MB of text. */
const BLOCK = 1000;

export function generateSyntheticData({ users, out, seed }: SynthOptions): SynthSummary {
  if (!Number.isInteger(users) || users < 1) throw new Error(`users must be a positive whole number, got ${users}`);
  mkdirSync(out, { recursive: true });
  const catalogue = buildCatalogue(new Random(deriveSeed(seed, 0)), courseCountFor(users));
  const rows: Record<SynthFile, number> = {
    "course_tags.csv": 0,
    "user_interests.csv": 0,
    "user_course_views.csv": 0,
    "user_assessment_scores.csv": 0,
  };
  const fds = Object.fromEntries(synthFiles.map((f) => [f, openSync(path.join(out, f), "w")])) as Record<SynthFile, number>;
  try {
    for (const f of synthFiles) writeSync(fds[f], `${headerOf(f)}\n`);

    let text = "";
    for (const course of catalogue.courses) {
      for (const tag of course.tags) text += `${q(course.id)},${q(tag)}\n`;
      rows["course_tags.csv"] += course.tags.length;
    }
    writeSync(fds["course_tags.csv"], text);

    for (let from = 1; from <= users; from += BLOCK) {
      let interests = "";
      let views = "";
      let assessments = "";
      for (let handle = from; handle < Math.min(users + 1, from + BLOCK); handle++) {
        // Each user has its own stream (seed, handle), so user h's rows do not depend on the users before it.
        const user = generateUser(new Random(deriveSeed(seed, handle)), catalogue);
        for (const r of user.interests) interests += `${handle},${q(r.tag)},${q(dateTime(r.followedAt))}\n`;
        for (const r of user.views) {
          const c = catalogue.courses[r.course];
          views += `${handle},${q(date(r.day))},${q(c.id)},${c.authorHandle},${q(c.level)},${r.seconds}\n`;
        }
        for (const r of user.assessments) assessments += `${handle},${q(r.tag)},${q(dateTime(r.takenAt))},${r.score}\n`;
        rows["user_interests.csv"] += user.interests.length;
        rows["user_course_views.csv"] += user.views.length;
        rows["user_assessment_scores.csv"] += user.assessments.length;
      }
      writeSync(fds["user_interests.csv"], interests);
      writeSync(fds["user_course_views.csv"], views);
      writeSync(fds["user_assessment_scores.csv"], assessments);
    }
  } finally {
    for (const f of synthFiles) closeSync(fds[f]);
  }
  return { courses: catalogue.courses.length, rows };
}

// Generated strings never contain a quote, comma or newline, so quoting needs no escaping.
const q = (s: string) => `"${s}"`;
/** `2017-06-27 16:26:52`: the CSVs' zone-less timestamps, which Kindred reads as UTC. */
const dateTime = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
const date = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
