/**
 * `npm run ingest`'s input: any of the seed's four files in a folder, read and checked exactly as the seed reads
 * them (src/import: the same headers, cell rules and messages, file:line: column: reason), then turned into events
 * in file order, each remembering its file and line for messages about stored data (a course's level).
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Level } from "../import/cells.js";
import { seedFiles, type SeedFile } from "../import/columns.js";
import { ImportError } from "../import/import-errors.js";
import type { TextColumn } from "../import/packed.js";
import { checkHeader, parseSeedFile, type ParsedFile } from "../import/parse-file.js";
import type { FileRows, PackedColumn } from "../import/rows.js";
import { allOrImportError, refuseInvalidRows } from "../import/seed-database.js";
import type { ActivityEvent } from "./activity-event.js";

export interface DeltaEvents {
  events: ActivityEvent[];
  /** origin[i]: where events[i] came from. */
  origin: { fileName: string; line: number }[];
  files: ParsedFile[];
}

/** The delta files present in `dir` (at least one of the four; for each, name.csv or name.csv.gz, not both). */
export function locateDeltaFiles(dir: string): Partial<Record<SeedFile, string>> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ImportError("MISSING_FILE", [`${dir}: no such folder`]);
  const found: Partial<Record<SeedFile, string>> = {};
  const problems: string[] = [];
  for (const file of seedFiles) {
    const candidates = [`${file}.csv`, `${file}.csv.gz`].filter((name) => existsSync(path.join(dir, name)));
    if (candidates.length === 1) found[file] = path.join(dir, candidates[0]);
    else if (candidates.length === 2) problems.push(`${path.join(dir, file)}.csv: both ${candidates.join(" and ")} exist; keep one`);
  }
  if (problems.length > 0) throw new ImportError("MISSING_FILE", problems);
  if (Object.keys(found).length === 0) {
    throw new ImportError("MISSING_FILE", [`${dir}: none of ${seedFiles.map((f) => `${f}.csv`).join(", ")} (or .csv.gz)`]);
  }
  return found;
}

/** Reads and checks every delta file (any invalid row refuses them all, as in the seed), then their events. */
export async function readDeltaEvents(dir: string, onProgress?: (fileName: string, rows: number) => void): Promise<DeltaEvents> {
  const paths = locateDeltaFiles(dir);
  const present = seedFiles.filter((file) => paths[file] !== undefined);
  await allOrImportError(present.map((file) => checkHeader(file, paths[file]!)));
  const files: ParsedFile[] = [];
  for (const file of present) {
    const filePath = paths[file]!;
    files.push(await parseSeedFile(file, filePath, (rows) => onProgress?.(path.basename(filePath), rows)));
  }
  refuseInvalidRows(files);
  const events: ActivityEvent[] = [];
  const origin: DeltaEvents["origin"] = [];
  for (const parsed of files) {
    const { rows } = parsed;
    for (let i = 0; i < rows.rows; i++) {
      events.push(eventOf(rows, i));
      origin.push({ fileName: parsed.fileName, line: rows.lines[i] });
    }
  }
  return { events, origin, files };
}

function value(column: PackedColumn, i: number): number | string | null {
  if (column instanceof Int32Array) return column[i];
  const { values, codes } = column as TextColumn;
  return codes[i] === -1 ? null : values[codes[i]];
}

/** Row i of a parsed file as the event its row records. */
function eventOf({ file, columns, courses }: FileRows, i: number): ActivityEvent {
  const at = (name: string) => value(columns[name], i);
  switch (file) {
    case "user_interests":
      return { kind: "interest", handle: at("user_handle") as number, tag: at("tag") as string, followedAt: at("followed_at") as string };
    case "user_assessment_scores":
      return { kind: "assessment", handle: at("user_handle") as number, tag: at("tag") as string, takenAt: at("taken_at") as string, score: at("score") as number };
    case "user_course_views": {
      const course = columns.course_id as TextColumn;
      return {
        kind: "courseView",
        handle: at("user_handle") as number,
        courseId: at("course_id") as string,
        viewedOn: at("viewed_on") as string,
        seconds: at("seconds") as number,
        authorHandle: at("author_handle") as number,
        level: courses!.levelByCourse[course.codes[i]] as Level,
      };
    }
    case "course_tags":
      return { kind: "courseTag", courseId: at("course_id") as string, tag: at("tag") as string | null };
  }
}
