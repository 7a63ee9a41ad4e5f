// Cell parsers return a value or an Invalid with a fixed reason; nothing here throws.
import { describe, expect, it } from "vitest";
import { Invalid, memoize, parseCount, parseHandle, parseLevel, parseName, parseOptionalName, parseTimestamp } from "../../src/import/cells.js";

describe("parseHandle", () => {
  it("accepts positive integers, surrounding spaces trimmed", () => {
    expect([parseHandle("1"), parseHandle(" 875 "), parseHandle("2147483647")]).toEqual([1, 875, 2147483647]);
  });

  it("refuses zero, signs, decimals, text, blanks and values past 32 bits", () => {
    expect(parseHandle("0")).toEqual(new Invalid("not a positive integer", 'got "0"'));
    expect(parseHandle("+3")).toEqual(new Invalid("not a positive integer", 'got "+3"'));
    expect(parseHandle("1.5")).toEqual(new Invalid("not a positive integer", 'got "1.5"'));
    expect(parseHandle("")).toEqual(new Invalid("blank"));
    expect(parseHandle("2147483648")).toEqual(new Invalid("larger than 2147483647", 'got "2147483648"'));
  });
});

describe("parseCount", () => {
  it("accepts zero and refuses negatives", () => {
    expect(parseCount("0")).toBe(0);
    expect(parseCount("-1")).toEqual(new Invalid("not a non-negative integer", 'got "-1"'));
  });
});

describe("parseTimestamp", () => {
  it("turns a date or a date and time into Prisma's UTC ISO text", () => {
    expect(parseTimestamp("2017-06-27")).toBe("2017-06-27T00:00:00.000+00:00");
    expect(parseTimestamp("2017-06-27 16:26:52")).toBe("2017-06-27T16:26:52.000+00:00");
  });

  it("knows leap years: 29 February 2016 and 2000 exist, 2017 and 1900 do not", () => {
    expect(parseTimestamp("2016-02-29")).toBe("2016-02-29T00:00:00.000+00:00");
    expect(parseTimestamp("2000-02-29")).toBe("2000-02-29T00:00:00.000+00:00");
    expect(parseTimestamp("2017-02-29")).toEqual(new Invalid("not a calendar date", 'got "2017-02-29"'));
    expect(parseTimestamp("1900-02-29")).toEqual(new Invalid("not a calendar date", 'got "1900-02-29"'));
    expect(parseTimestamp("2017-04-31")).toEqual(new Invalid("not a calendar date", 'got "2017-04-31"'));
  });

  it("refuses other layouts, zones and impossible times", () => {
    const layout = "not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)";
    expect(parseTimestamp("2017-6-27")).toEqual(new Invalid(layout, 'got "2017-6-27"'));
    expect(parseTimestamp("2017-06-27T16:26:52Z")).toEqual(new Invalid(layout, 'got "2017-06-27T16:26:52Z"'));
    expect(parseTimestamp("2017-06-27 16:60:00")).toEqual(new Invalid("not a time of day", 'got "2017-06-27 16:60:00"'));
  });
});

describe("parseLevel", () => {
  it("accepts any case and returns the canonical spelling", () => {
    expect([parseLevel("beginner"), parseLevel("INTERMEDIATE"), parseLevel(" Advanced ")]).toEqual(["Beginner", "Intermediate", "Advanced"]);
  });

  it("refuses anything else", () => {
    expect(parseLevel("Expert")).toEqual(new Invalid("not a level (Beginner, Intermediate or Advanced)", 'got "Expert"'));
  });
});

describe("names and tags", () => {
  it("trims names and keeps their case; a blank name is invalid", () => {
    expect(parseName("  C#  ")).toBe("C#");
    expect(parseName("   ")).toEqual(new Invalid("blank"));
  });

  it("reads a blank course tag as no tag", () => {
    expect([parseOptionalName(""), parseOptionalName("  "), parseOptionalName(" git ")]).toEqual([null, null, "git"]);
  });
});

describe("memoize", () => {
  it("answers a repeated text with the same result, invalid ones included", () => {
    const parse = memoize(parseTimestamp);
    expect(parse("2017-06-27")).toBe(parse("2017-06-27"));
    expect(parse("nope")).toBe(parse("nope"));
    expect(parse("nope")).toBeInstanceOf(Invalid);
  });
});
