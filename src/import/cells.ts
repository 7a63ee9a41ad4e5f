/**
 * Cell parsers: each takes the raw text of one CSV cell and returns the value to store, or an Invalid saying why
 * not. Invalid rows are data: the caller collects them and decides at the end (fail, or skip and count).
 */

import { MAX_INT } from "../domain/handle.js";

/** Why a cell was refused. `reason` is a fixed phrase (rejected rows are counted by it); the value goes in `detail`. */
export class Invalid {
  constructor(
    readonly reason: string,
    readonly detail?: string,
  ) {}
}

export type Cell<T> = T | Invalid;

const got = (text: string) => `got ${JSON.stringify(text)}`;

function wholeNumber(text: string, min: 0 | 1, what: string): Cell<number> {
  const t = text.trim();
  if (t === "") return new Invalid("blank");
  // A digit loop rather than /^[0-9]+$/ and Number(): this runs for about a million cells in a full seed.
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const digit = t.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return new Invalid(`not a ${what}`, got(text));
    n = n * 10 + digit;
  }
  if (n < min) return new Invalid(`not a ${what}`, got(text));
  if (n > MAX_INT) return new Invalid(`larger than ${MAX_INT}`, got(text));
  return n;
}

/** A user or author handle: a positive integer. */
export function parseHandle(text: string): Cell<number> {
  return wholeNumber(text, 1, "positive integer");
}

/** Seconds watched or an assessment score: a non-negative integer. */
export function parseCount(text: string): Cell<number> {
  return wholeNumber(text, 0, "non-negative integer");
}

/** A tag or course id: trimmed, otherwise stored as given (case included: the ranking engine lower-cases tags). */
export function parseName(text: string): Cell<string> {
  const t = text.trim();
  return t === "" ? new Invalid("blank") : t;
}

/** A course tag: blank means the course has no tags (course_tags.csv writes 112 such rows as ""). */
export function parseOptionalName(text: string): string | null {
  const t = text.trim();
  return t === "" ? null : t;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`, a real calendar date and time, taken as UTC (the files carry no zone).
 * Returns the ISO text Prisma writes for a DateTime, `2017-06-27T16:26:52.000+00:00`, so Prisma reads it back.
 */
export function parseTimestamp(text: string): Cell<string> {
  const t = text.trim();
  if (t === "") return new Invalid("blank");
  const m = DATE.exec(t);
  if (m === null) return new Invalid("not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)", got(text));
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return new Invalid("not a calendar date", got(text));
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return new Invalid("not a time of day", got(text));
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.000+00:00`;
}

export const levels = ["Beginner", "Intermediate", "Advanced"] as const;
export type Level = (typeof levels)[number];
const levelByLowerCase = new Map<string, Level>(levels.map((l) => [l.toLowerCase(), l]));

/** A course level in any case, returned in its canonical spelling. */
export function parseLevel(text: string): Cell<Level> {
  const t = text.trim();
  if (t === "") return new Invalid("blank");
  return levelByLowerCase.get(t.toLowerCase()) ?? new Invalid("not a level (Beginner, Intermediate or Advanced)", got(text));
}

/**
 * Remembers a parser's answers by raw text, for columns with few distinct values (dates: 212 distinct view days in
 * 249k views). Besides skipping the work, it returns the same string object each time, whose hash V8 has already
 * computed, so interning it next costs little. Stops remembering after `limit` distinct texts.
 */
export function memoize<T>(parse: (text: string) => Cell<T>, limit = 100_000): (text: string) => Cell<T> {
  const seen = new Map<string, Cell<T>>();
  return (text) => {
    let cell = seen.get(text);
    if (cell === undefined) {
      cell = parse(text);
      if (seen.size < limit) seen.set(text, cell);
    }
    return cell;
  };
}
