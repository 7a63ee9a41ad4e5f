/**
 * Where a file's quoting goes wrong, by physical line. fast-csv parses each chunk it is handed whole and drops the
 * chunk's records when it throws, so its error only says that the fault lies at or after the last line it delivered,
 * up to a chunk (thousands of lines) early. So when it fails, the reader scans the file again here with fast-csv's
 * own quoting rules and names the line the faulty quoted cell opens on.
 *
 * The rules (@fast-csv/parse ColumnParser and QuotedColumnParser): a cell is quoted when its first character other
 * than a blank is `"`; inside it `""` is one quote and line breaks are part of the cell; after the closing quote only
 * blanks may come before the comma or the line end. A quoted cell still open at the end of the file has no closing
 * quote. Those are the only two ways fast-csv fails to split a file.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

export interface QuoteFault {
  /** The physical line (header = 1) of the quote that opens the faulty cell. */
  line: number;
  /** Where the cell's closing quote is followed by something other than a comma or a line end: that quote's line
   *  and the character after it. Absent when the cell never closes. */
  closed?: { line: number; followedBy: string };
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BLANK = /\s/;

enum State {
  /** At the start of a cell, past any blanks. */
  CellStart,
  Unquoted,
  Quoted,
  /** Inside a quoted cell, just after a quote: `""` or the closing quote. */
  QuoteInQuoted,
  /** After a closing quote, past any blanks. */
  Closed,
}

/** The first quoting fault of the .csv or .csv.gz file at `path`, or undefined when it has none. */
export async function findQuoteFault(path: string): Promise<QuoteFault | undefined> {
  const source = createReadStream(path);
  const text = path.endsWith(".gz") ? source.pipe(createGunzip()) : source;
  text.setEncoding("utf8");
  // Lines are counted as read-csv.ts counts them: CRLF once, a lone CR or LF once each.
  let line = 1;
  let afterCr = false;
  let state = State.CellStart;
  let opened = 0;
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        // A line break belongs to the line it ends: `at` is the line of character c.
        const at = line;
        if (c === CR || (c === LF && !afterCr)) line++;
        afterCr = c === CR;
        const lineEnd = c === CR || c === LF;
        if (state === State.Quoted) {
          if (c === QUOTE) state = State.QuoteInQuoted;
          continue;
        }
        if (state === State.QuoteInQuoted) {
          if (c === QUOTE) {
            state = State.Quoted;
            continue;
          }
          state = State.Closed;
        }
        if (state === State.Closed) {
          if (c === COMMA || lineEnd) state = State.CellStart;
          else if (!BLANK.test(chunk[i])) return { line: opened, closed: { line: at, followedBy: String.fromCodePoint(chunk.codePointAt(i)!) } };
        } else if (state === State.CellStart) {
          if (c === QUOTE) {
            state = State.Quoted;
            opened = at;
          } else if (c !== COMMA && !lineEnd && !BLANK.test(chunk[i])) {
            state = State.Unquoted;
          }
        } else if (c === COMMA || lineEnd) {
          state = State.CellStart;
        }
      }
    }
  } finally {
    source.destroy();
  }
  return state === State.Quoted ? { line: opened } : undefined;
}
