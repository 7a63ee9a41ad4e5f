// The seed command itself, run as a user runs it: exit codes, where lines go, no stack for a user's mistake.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { fixtures, seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();

function seed(command: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(command, args, {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: bed.database.url, ...env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tsxSeed = (...args: string[]) => seed(process.execPath, ["--import", "tsx", "src/seed.ts", ...args]);

describe("npm run seed", () => {
  it("exits 1 printing file:line for each invalid row, with no stack", () => {
    const r = seed("npx", ["tsx", "src/seed.ts", "--dir", path.join(fixtures, "bad-rows")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        `user_interests.csv:3: user_handle: not a positive integer (got "abc")`,
        `user_interests.csv:4: date_followed: not a calendar date (got "2017-02-30 09:00:00")`,
        `2 invalid rows; nothing was imported (--skip-invalid imports the valid rows)`,
        "",
      ].join("\n"),
    );
  });

  it("with --skip-invalid imports the rest, rejections on stderr and the summary on stdout", () => {
    const r = tsxSeed("--dir", path.join(fixtures, "bad-rows"), "--skip-invalid");
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      [
        "user_interests.csv: 2 rows rejected",
        "          1  user_handle: not a positive integer",
        "          1  date_followed: not a calendar date",
        "",
      ].join("\n"),
    );
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`Seeded ${bed.database.path} from ${path.join(fixtures, "bad-rows")}`);
    expect(lines.slice(1, 7)).toEqual([
      "file                        rows read  rejected  stored",
      "course_tags.csv                     3         0  course_tags 2 (1 blank tag: no tag row)",
      "user_assessment_scores.csv          1         0  assessment_scores 1",
      "user_interests.csv                  3         2  interests 1",
      "user_course_views.csv               2         0  course_views 2",
      // User 2 appears only in a rejected interest, so is no user.
      "                                                 users 3, courses 3, course authors 2",
    ]);
    expect(lines[7]).toMatch(/^✓ 9 rows in \d+\.\d s \([\d,]+ rows\/s; read and write \d+\.\d s, finish \d+\.\d s\)$/);
  });

  it("refuses a file with only its header, exit 1, unless --allow-empty, which the summary then mentions", () => {
    const folder = bed.folder({ "user_assessment_scores.csv": `"user_handle","assessment_tag","user_assessment_date","user_assessment_score"\n` });
    const refused = tsxSeed("--dir", folder);
    expect(refused).toMatchObject({ status: 1, stdout: "" });
    expect(refused.stderr).toBe(
      [
        "user_assessment_scores.csv:1: file: no rows after the header",
        "nothing was imported: a file with only a header would empty its table (--allow-empty imports it)",
        "",
      ].join("\n"),
    );
    const allowed = tsxSeed("--dir", folder, "--allow-empty");
    expect(allowed.status).toBe(0);
    expect(allowed.stdout.split("\n")[3]).toBe(
      "user_assessment_scores.csv          0         0  assessment_scores 0 (no rows in the file: table emptied, --allow-empty)",
    );
  });

  it("takes the folder from SEED_DIR when --dir is not given", () => {
    const good = path.join(fixtures, "good");
    const r = seed(process.execPath, ["--import", "tsx", "src/seed.ts"], { SEED_DIR: good });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`Seeded ${bed.database.path} from ${good}`);
  });

  it("answers an unknown flag with `! message` and the help, exit 2", () => {
    const r = tsxSeed("--dri", "seeds");
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")[0]).toMatch(/^! Unknown option '--dri'/);
    expect(r.stderr).toContain("Usage: npm run seed -- [options]");
  });

  it("prints usage with options and examples on --help", () => {
    const r = tsxSeed("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Options:\n  --dir <path>");
    expect(r.stdout).toContain("\n  --allow-empty     import a file holding only its header as an empty table");
    expect(r.stdout).toContain("Examples:\n  npm run seed\n");
  });
});
