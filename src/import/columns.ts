/**
 * The four seed files and their columns: canonical names, the other spellings accepted for them, and how a header
 * row becomes column positions. Every listed column is required; any other column is ignored with a warning.
 */
import type { Problem } from "./import-errors.js";

export const seedFiles = ["course_tags", "user_assessment_scores", "user_interests", "user_course_views"] as const;
/** A seed file by its base name (without .csv / .csv.gz). */
export type SeedFile = (typeof seedFiles)[number];

interface ColumnSpec {
  /** The name the real file uses. */
  readonly name: string;
  /** Other accepted names: the challenge brief's, where they differ from the file's. */
  readonly aliases: readonly string[];
}

const courseId: ColumnSpec = { name: "course_id", aliases: ["course_name"] };

export const columnSpecs = {
  course_tags: [courseId, { name: "course_tags", aliases: [] }],
  user_assessment_scores: [
    { name: "user_handle", aliases: [] },
    { name: "assessment_tag", aliases: [] },
    { name: "user_assessment_date", aliases: [] },
    { name: "user_assessment_score", aliases: [] },
  ],
  user_interests: [
    { name: "user_handle", aliases: [] },
    { name: "interest_tag", aliases: [] },
    { name: "date_followed", aliases: [] },
  ],
  user_course_views: [
    { name: "user_handle", aliases: [] },
    { name: "view_date", aliases: [] },
    courseId,
    { name: "author_handle", aliases: [] },
    { name: "level", aliases: [] },
    { name: "view_time_seconds", aliases: ["course_view_time_seconds"] },
  ],
} as const satisfies Record<SeedFile, readonly ColumnSpec[]>;

/** The canonical column names of one file. */
export type ColumnName<F extends SeedFile> = (typeof columnSpecs)[F][number]["name"];

export interface ResolvedHeader<F extends SeedFile> {
  /** Cells a row must have: the header's own width. */
  width: number;
  /** Position of each required column in a row. */
  at: Record<ColumnName<F>, number>;
  /** Each required column as the file spells it, for messages. */
  spelled: Record<ColumnName<F>, string>;
  /** Header cells that are no column of this file, ignored. */
  ignored: string[];
}

/**
 * Matches a header row to the file's columns by name, in any order; names are trimmed and compared without case.
 * Returns the positions, or one problem per missing or repeated column.
 */
export function resolveHeader<F extends SeedFile>(
  file: F,
  fileName: string,
  header: readonly string[],
  line: number,
): ResolvedHeader<F> | Problem[] {
  const specs: readonly ColumnSpec[] = columnSpecs[file];
  const names = header.map((cell) => cell.trim());
  const at: Record<string, number> = {};
  const spelled: Record<string, string> = {};
  const used = new Set<number>();
  const problems: Problem[] = [];
  for (const spec of specs) {
    const accepted = [spec.name, ...spec.aliases];
    const found = names.flatMap((n, i) => (accepted.includes(n.toLowerCase()) ? [i] : []));
    if (found.length === 0) {
      const detail = `header: ${names.join(", ")}${spec.aliases.length ? `; also accepted: ${spec.aliases.join(", ")}` : ""}`;
      problems.push({ file: fileName, line, column: spec.name, reason: "missing column", detail });
    } else if (found.length > 1) {
      const detail = found.map((i) => names[i]).join(", ");
      problems.push({ file: fileName, line, column: spec.name, reason: "column appears more than once", detail });
    } else {
      at[spec.name] = found[0];
      spelled[spec.name] = names[found[0]];
      used.add(found[0]);
    }
  }
  if (problems.length > 0) return problems;
  const ignored = names.filter((_, i) => !used.has(i));
  return { width: header.length, at, spelled, ignored } as ResolvedHeader<F>;
}
