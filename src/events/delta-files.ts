/**
 * `npm run ingest`'s input: any of the seed's four files in a folder, read and checked exactly as the seed reads
 * them (src/import: the same headers, cell rules and messages, file:line: column: reason), then turned into events
 * in file order, each remembering its file and line for messages about stored data (a course's level).
 */
import path from "node:path";
import type { Level } from "../import/cells.js";
import { seedFiles } from "../import/columns.js";
import type { TextColumn } from "../import/packed.js";
import { checkHeader, parseSeedFile, type ParsedFile } from "../import/parse-file.js";
import type { FileRows, PackedColumn } from "../import/rows.js";
import { allOrImportError, locateSomeSeedFiles, refuseInvalidRows } from "../import/seed-database.js";
import type { ActivityEvent } from "./activity-event.js";

export interface DeltaEvents {
  events: ActivityEvent[];
  /** origin[i]: where events[i] came from. */
  origin: { fileName: string; line: number }[];
  files: ParsedFile[];
}

/** Reads and checks every delta file (any invalid row refuses them all, as in the seed), then their events. */
export async function readDeltaEvents(dir: string, onProgress?: (fileName: string, rows: number) => void): Promise<DeltaEvents> {
  const paths = locateSomeSeedFiles(dir);
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
