/** What the seed prints: the summary table (stdout) and the rejected rows per file and reason (stderr). */
import { fileSpecs } from "./columns.js";
import type { FileSummary, SeedSummary } from "./seed-database.js";

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

function storedNote(summary: SeedSummary, file: FileSummary): string {
  const { table } = fileSpecs[file.file];
  const notes: string[] = [];
  // Only --allow-empty lets a file without rows through.
  if (file.rowsRead === 0) notes.push("no rows in the file: table emptied, --allow-empty");
  if (table === "course_tags" && summary.blankTags > 0) notes.push(`${plural(summary.blankTags, "blank tag", "blank tags")}: no tag row`);
  if (table === "interests" || table === "course_tags") {
    const duplicates = summary.duplicates[table];
    if (duplicates > 0) notes.push(`${plural(duplicates, "exact duplicate", "exact duplicates")} collapsed`);
  }
  return `${table} ${count(summary.stored[table])}${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

/** The summary: one line per file (rows read, rejected, stored), the derived tables, timings and rows/s. */
export function formatSummary(summary: SeedSummary): string[] {
  const rowsRead = summary.files.reduce((sum, f) => sum + f.rowsRead, 0);
  const nameWidth = Math.max(4, ...summary.files.map((f) => f.fileName.length));
  const row = (file: string, read: string, rejected: string, stored: string) =>
    `${file.padEnd(nameWidth)}  ${read.padStart(9)}  ${rejected.padStart(8)}  ${stored}`;
  const { seconds } = summary;
  return [
    `Seeded ${summary.database} from ${summary.dir}`,
    row("file", "rows read", "rejected", "stored"),
    ...summary.files.map((f) => row(f.fileName, count(f.rowsRead), count(f.rejected), storedNote(summary, f))),
    row("", "", "", `users ${count(summary.stored.users)}, courses ${count(summary.stored.courses)}, course authors ${count(summary.stored.course_authors)}`),
    `✓ ${count(rowsRead)} rows in ${seconds.total.toFixed(1)} s (${count(Math.round(rowsRead / seconds.total))} rows/s; ` +
      `read and write ${seconds.read.toFixed(1)} s, finish ${seconds.write.toFixed(1)} s)`,
  ];
}

/** For --skip-invalid: each file with rejected rows, then its counts per `column: reason`. */
export function formatRejections(summary: SeedSummary): string[] {
  return summary.files
    .filter((f) => f.rejected > 0)
    .flatMap((f) => [
      `${f.fileName}: ${plural(f.rejected, "row", "rows")} rejected`,
      ...f.rejectedByKind.map(([kind, n]) => `  ${count(n).padStart(9)}  ${kind}`),
    ]);
}
