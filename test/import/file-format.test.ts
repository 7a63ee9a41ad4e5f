// What the reader accepts besides plain LF CSV, and how it numbers lines: `line` is the physical line a record starts
// on (header = 1), counted past blank lines and line breaks inside quoted cells.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { ImportError } from "../../src/import/import-errors.js";
import { readCsv } from "../../src/import/read-csv.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { seedTestBed } from "./seed-dir.js";

const bed = seedTestBed();

/** Every record of `content` (written to a file named `name`) with its line, the header first. */
async function records(content: string | Buffer, name = "t.csv"): Promise<[number, string[]][]> {
  const file = path.join(bed.scratch(), name);
  writeFileSync(file, content);
  const out: [number, string[]][] = [];
  await readCsv(file, name, {
    onHeader: (cells, line) => (out.push([line, cells]), true),
    onRecord: (cells, line) => void out.push([line, cells]),
  });
  return out;
}

describe("line numbers", () => {
  it("count the lines inside a multi-line quoted cell", async () => {
    // Line 1 header; line 2 starts a record whose quoted cell runs over lines 2-4; the next record is on line 5.
    const csv = `"id","note"\n1,"first\nsecond\nthird"\n2,"plain"\n`;
    expect(await records(csv)).toEqual([
      [1, ["id", "note"]],
      [2, ["1", "first\nsecond\nthird"]],
      [5, ["2", "plain"]],
    ]);
  });

  it("count a CRLF inside a quoted cell once, and skip blank lines while counting them", async () => {
    const csv = `a,b\r\n\r\n1,"x\r\ny"\r\n\r\n2,z\r\n`;
    expect(await records(csv)).toEqual([
      [1, ["a", "b"]],
      [3, ["1", "x\r\ny"]],
      [6, ["2", "z"]],
    ]);
  });

  it("name the right line in an error after a multi-line cell", async () => {
    const folder = bed.folder({
      "user_interests.csv": `"user_handle","interest_tag","date_followed"\n1,"two\nlines","2017-06-27 16:26:52"\n0,"git","2017-06-27 16:26:52"\n`,
    });
    const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
    expect((error as ImportError).lines[0]).toBe(`user_interests.csv:4: user_handle: not a positive integer (got "0")`);
  });
});

describe("encodings and compression", () => {
  it("accepts a UTF-8 BOM and CRLF line ends", async () => {
    const csv = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`"course_id","course_tags"\r\n"c1","t1"\r\n`)]);
    expect(await records(csv)).toEqual([
      [1, ["course_id", "course_tags"]],
      [2, ["c1", "t1"]],
    ]);
  });

  it("seeds a file with a BOM before its header and CRLF line ends", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const folder = bed.folder({
      "course_tags.csv": Buffer.concat([bom, Buffer.from(`"course_id","course_tags"\r\n"intro-to-python","python"\r\n`)]),
    });
    const summary = await seedDatabase({ dir: folder, url: bed.database.url });
    expect(summary.files[0]).toMatchObject({ fileName: "course_tags.csv", rowsRead: 1, rejected: 0 });
    expect(summary.stored.course_tags).toBe(1);
  });

  it("seeds from .csv.gz files as from .csv", async () => {
    const folder = bed.folder({
      "user_interests.csv.gz": gzipSync(`"user_handle","interest_tag","date_followed"\r\n5,"rust","2017-09-01 08:00:00"\r\n`),
    });
    const summary = await seedDatabase({ dir: folder, url: bed.database.url });
    expect(summary.files[2]).toMatchObject({ fileName: "user_interests.csv.gz", rowsRead: 1, rejected: 0 });
    const db = openSqlite(bed.database.url);
    expect(db.prepare("SELECT user_handle, tag, followed_at FROM interests").all()).toEqual([
      { user_handle: 5, tag: "rust", followed_at: "2017-09-01T08:00:00.000+00:00" },
    ]);
    db.close();
  });

  it("refuses a .csv.gz that is not gzip data", async () => {
    const folder = bed.folder({ "user_interests.csv.gz": "not gzip" });
    const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "MALFORMED_CSV" });
    expect((error as ImportError).lines[0]).toMatch(/^user_interests\.csv\.gz:1: file: not valid gzip data \(/);
  });

  it("refuses text after a closing quote, naming the line its cell opens on, in .csv and .csv.gz alike", async () => {
    const content = `"user_handle","interest_tag","date_followed"\n1,"a"b,"2017-06-27 16:26:52"\n`;
    for (const name of ["user_interests.csv", "user_interests.csv.gz"]) {
      const folder = bed.folder({ [name]: name.endsWith(".gz") ? gzipSync(content) : content });
      const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "MALFORMED_CSV" });
      expect((error as ImportError).lines).toEqual([
        `${name}:2: row: text after a closing quote (got "b" after the quoted cell that opens on this line; a quote inside a quoted cell is written "")`,
      ]);
    }
  });

  it("refuses a quote never closed before the end of the file, naming the line it opens on", async () => {
    const folder = bed.folder({
      "user_interests.csv": `"user_handle","interest_tag","date_followed"\r\n1,"a","2017-06-27 16:26:52"\r\n2,"b\r\nc","2017-06-27 16:26:52"\r\n3,"d,2017-06-27 16:26:52\r\n`,
    });
    const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
    expect((error as ImportError).lines).toEqual([
      `user_interests.csv:5: row: unclosed quote (the quoted cell that opens on this line runs to the end of the file)`,
    ]);
  });

  it("names the line of an unclosed quote however far into the file, past the reader's 1 MiB chunks", async () => {
    // 60,000 rows of about 40 bytes: 2.4 MB. Line 45,000 (the header is line 1), some 1.8 MB in, lacks the quote
    // closing its tag, so the cell runs on to the quote opening the next row's tag, which "t" follows.
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i + 1},"tag-${i % 50}","2017-06-27 16:26:52"\n`);
    rows[44_998] = `44999,"python,2017-06-27 16:26:52\n`;
    const content = `"user_handle","interest_tag","date_followed"\n${rows.join("")}`;
    expect(content.length).toBeGreaterThan(2 << 20);
    const folder = bed.folder({ "user_interests.csv": content });
    const error = await seedDatabase({ dir: folder, url: bed.database.url }).catch((e: unknown) => e);
    expect((error as ImportError).lines).toEqual([
      `user_interests.csv:45000: row: unclosed quote (the quoted cell that opens on this line runs to a quote on line 45001, which "t" follows)`,
    ]);
  });
});
