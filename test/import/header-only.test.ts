// A file with a header and no rows (a truncated export, say) would empty its table: the seed refuses it, naming the
// file, before reading any row, unless --allow-empty asks for exactly that, and then the summary says so.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { ImportError } from "../../src/import/import-errors.js";
import { formatSummary } from "../../src/import/report.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { fixtures, seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();

const scoresHeader = `"user_handle","assessment_tag","user_assessment_date","user_assessment_score"\n`;
const refusal = "nothing was imported: a file with only a header would empty its table (--allow-empty imports it)";

function scores(): unknown[] {
  const db = openSqlite(bed.database.url);
  try {
    return db.prepare("SELECT user_handle, tag, score FROM assessment_scores").all();
  } finally {
    db.close();
  }
}

describe("a file with only its header", () => {
  it("is refused, naming the file, and the previous rows stay", async () => {
    await seedDatabase({ dir: path.join(fixtures, "good"), url: bed.database.url });
    const before = scores();
    expect(before).toHaveLength(1);

    const folder = bed.folder({ "user_assessment_scores.csv": scoresHeader });
    const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: "NO_ROWS" });
    expect((error as ImportError).lines).toEqual([`user_assessment_scores.csv:1: file: no rows after the header`, refusal]);
    expect(scores()).toEqual(before);
  });

  it("counts blank lines after the header as no rows, and names every such file at once", async () => {
    const folder = bed.folder({
      "user_assessment_scores.csv": `\n${scoresHeader}\n\n`,
      "course_tags.csv": `"course_id","course_tags"\n`,
    });
    const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
    expect((error as ImportError).lines).toEqual([
      `course_tags.csv:1: file: no rows after the header`,
      `user_assessment_scores.csv:2: file: no rows after the header`,
      refusal,
    ]);
  });

  it("with allowEmpty empties its table, and the summary says so on the file's line", async () => {
    await seedDatabase({ dir: path.join(fixtures, "good"), url: bed.database.url });
    const folder = bed.folder({ "user_assessment_scores.csv": scoresHeader });
    const summary = await seedDatabase({ dir: folder, url: bed.database.url, allowEmpty: true });
    expect(scores()).toEqual([]);
    expect(summary.stored.assessment_scores).toBe(0);
    expect(formatSummary(summary)[3]).toBe(
      "user_assessment_scores.csv          0         0  assessment_scores 0 (no rows in the file: table emptied, --allow-empty)",
    );
    // The other files' lines carry no such note.
    expect(formatSummary(summary)[4]).toBe("user_interests.csv                  3         0  interests 2 (1 exact duplicate collapsed)");
  });
});
