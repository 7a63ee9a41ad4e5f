import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { generateSyntheticData, synthFiles } from "../../src/synth/generate.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kindred-synth-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
const dataLines = (dir: string, file: string) => read(dir, file).split("\n").slice(1, -1);

describe("generateSyntheticData determinism", () => {
  it("writes the same bytes for the same users and seed", () => {
    const [a, b] = [tempDir(), tempDir()];
    generateSyntheticData({ users: 300, out: a, seed: 7 });
    generateSyntheticData({ users: 300, out: b, seed: 7 });
    for (const f of synthFiles) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f)))).toBe(true);
  });

  it("writes different interests for a different seed", () => {
    const [a, b] = [tempDir(), tempDir()];
    generateSyntheticData({ users: 300, out: a, seed: 7 });
    generateSyntheticData({ users: 300, out: b, seed: 8 });
    expect(read(b, "user_interests.csv")).not.toBe(read(a, "user_interests.csv"));
  });

  it("gives a user the same interests whatever the population size, as each user has its own stream", () => {
    const [small, large] = [tempDir(), tempDir()];
    generateSyntheticData({ users: 50, out: small, seed: 3 });
    generateSyntheticData({ users: 120, out: large, seed: 3 });
    const firstFifty = (dir: string) => dataLines(dir, "user_interests.csv").filter((l) => Number(l.split(",")[0]) <= 50);
    expect(firstFifty(large)).toEqual(firstFifty(small));
  });
});

describe("generateSyntheticData layout", () => {
  it("writes the originals' quoted headers and cell quoting", () => {
    const dir = tempDir();
    generateSyntheticData({ users: 20, out: dir, seed: 1 });
    expect(read(dir, "course_tags.csv").split("\n")[0]).toBe(`"course_id","course_tags"`);
    expect(read(dir, "user_interests.csv").split("\n")[0]).toBe(`"user_handle","interest_tag","date_followed"`);
    expect(read(dir, "user_course_views.csv").split("\n")[0]).toBe(
      `"user_handle","view_date","course_id","author_handle","level","view_time_seconds"`,
    );
    expect(read(dir, "user_assessment_scores.csv").split("\n")[0]).toBe(
      `"user_handle","assessment_tag","user_assessment_date","user_assessment_score"`,
    );
    expect(dataLines(dir, "user_interests.csv")[0]).toMatch(/^1,"(t\d\d-\d\d|general-\d\d)","\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"$/);
    expect(dataLines(dir, "user_course_views.csv")[0]).toMatch(
      /^\d+,"2017-\d\d-\d\d","course-\d{6}",\d+,"(Beginner|Intermediate|Advanced)",\d+$/,
    );
  });

  it("sorts interests and views by user, then time", () => {
    const dir = tempDir();
    generateSyntheticData({ users: 200, out: dir, seed: 5 });
    const key = (l: string, timeColumn: number) => {
      const cells = l.split(",");
      return `${cells[0].padStart(8, "0")} ${cells[timeColumn]}`;
    };
    for (const [file, column] of [["user_interests.csv", 2], ["user_course_views.csv", 1]] as const) {
      const keys = dataLines(dir, file).map((l) => key(l, column));
      expect(keys).toEqual([...keys].sort());
    }
  });
});

describe("generateSyntheticData distributions", () => {
  // 3,000 users: enough for the shares below to sit within a few points of their targets (PROFILE.md).
  const dir = mkdtempSync(path.join(os.tmpdir(), "kindred-synth-shape-"));
  const summary = generateSyntheticData({ users: 3000, out: dir, seed: 11 });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const perUser = (file: string, distinctColumn?: number) => {
    const sets = new Map<string, Set<string>>();
    for (const l of dataLines(dir, file)) {
      const cells = l.split(",");
      if (!sets.has(cells[0])) sets.set(cells[0], new Set());
      sets.get(cells[0])!.add(distinctColumn === undefined ? l : cells[distinctColumn]);
    }
    return [...sets.values()].map((s) => s.size).sort((a, b) => a - b);
  };
  const median = (xs: number[]) => xs[xs.length >> 1];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it("gives every user interests, with a median near 12 distinct tags and a mean near 21", () => {
    const tags = perUser("user_interests.csv", 1);
    expect(tags.length).toBe(3000);
    expect(median(tags)).toBeGreaterThanOrEqual(10);
    expect(median(tags)).toBeLessThanOrEqual(14);
    expect(mean(tags)).toBeGreaterThan(17);
    expect(mean(tags)).toBeLessThan(25);
  });

  it("has 87.6 % of users viewing courses, a median of about 5 distinct courses and 2.4 view days per course", () => {
    const courses = perUser("user_course_views.csv", 2);
    expect(courses.length / 3000).toBeGreaterThan(0.85);
    expect(courses.length / 3000).toBeLessThan(0.9);
    expect(median(courses)).toBeGreaterThanOrEqual(4);
    expect(median(courses)).toBeLessThanOrEqual(6);
    const pairs = courses.reduce((a, b) => a + b, 0);
    expect(summary.rows["user_course_views.csv"] / pairs).toBeGreaterThan(2.1);
    expect(summary.rows["user_course_views.csv"] / pairs).toBeLessThan(2.6);
  });

  it("has about 31 % of users with assessments and view times with a median near 1,000 s", () => {
    expect(perUser("user_assessment_scores.csv").length / 3000).toBeGreaterThan(0.28);
    expect(perUser("user_assessment_scores.csv").length / 3000).toBeLessThan(0.34);
    const seconds = dataLines(dir, "user_course_views.csv").map((l) => Number(l.split(",")[5])).sort((a, b) => a - b);
    expect(median(seconds)).toBeGreaterThan(900);
    expect(median(seconds)).toBeLessThan(1100);
    expect(seconds[seconds.length - 1]).toBeLessThanOrEqual(44_400);
  });

  it("gives about 47 % of viewed courses the Beginner level, 48 % Intermediate and 5.5 % Advanced", () => {
    const levelOf = new Map(dataLines(dir, "user_course_views.csv").map((l) => [l.split(",")[2], l.split(",")[4]]));
    const share = (level: string) => [...levelOf.values()].filter((v) => v === `"${level}"`).length / levelOf.size;
    expect(share("Beginner")).toBeGreaterThan(0.43);
    expect(share("Beginner")).toBeLessThan(0.5);
    expect(share("Advanced")).toBeGreaterThan(0.035);
    expect(share("Advanced")).toBeLessThan(0.075);
  });

  it("lists 6,000 courses' tags at 10k users and fewer for smaller populations", () => {
    expect(summary.courses).toBe(3286); // round(6000 · √0.3)
  });
});
