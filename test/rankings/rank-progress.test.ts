// npm run rank's progress line (src/rankings/rank-progress.ts): what each phase says, how the time left is
// estimated, and when the line is shown, against a clock the test moves.
import { describe, expect, it } from "vitest";
import { formatDuration, progressText, rankProgress, timeLeft } from "../../src/rankings/rank-progress.js";

describe("formatDuration", () => {
  it("gives seconds, then minutes and seconds, then hours and minutes", () => {
    expect([400, 59_400, 60_000, 245_000, 3_720_000].map(formatDuration)).toEqual(["0 s", "59 s", "1 min 00 s", "4 min 05 s", "1 h 02 min"]);
  });
});

describe("timeLeft", () => {
  it("carries compute's and write's rate so far over what is left, once the phase has run 3 s", () => {
    // 250,000 of 1,000,000 users in 60 s: 750,000 more at the same rate take 180 s.
    expect(timeLeft({ phase: "compute", done: 250_000, total: 1_000_000, elapsedMs: 60_000 })).toEqual({ ms: 180_000, atMost: false, basis: "at this phase's rate so far" });
    // 5M of 20M rows in 15 s: 45 s more.
    expect(timeLeft({ phase: "write", done: 5_000_000, total: 20_000_000, elapsedMs: 15_000 })?.ms).toBe(45_000);
    expect(timeLeft({ phase: "write", done: 5_000_000, total: 20_000_000, elapsedMs: 2_999 })).toBeNull();
  });

  it("bounds the descent by the iterations left under the cap at the mean iteration so far", () => {
    // 3 iterations in 120 s (40 s each), cap 10: at most 7 × 40 s = 280 s.
    expect(timeLeft({ phase: "descent", done: 3, total: 10, elapsedMs: 120_000 })).toEqual({
      ms: 280_000,
      atMost: true,
      basis: "7 iterations under the cap at 40 s each; it may stop sooner",
    });
  });

  it("has nothing to go on before the first step, after the last, or in a phase without steps", () => {
    expect(timeLeft({ phase: "compute", done: 0, total: 100, elapsedMs: 10_000 })).toBeNull();
    expect(timeLeft({ phase: "compute", done: 100, total: 100, elapsedMs: 10_000 })).toBeNull();
    expect(timeLeft({ phase: "load", done: 0, total: 1, elapsedMs: 10_000 })).toBeNull();
    expect(timeLeft({ phase: "recall", done: 0, total: 1, elapsedMs: 10_000 })).toBeNull();
  });
});

describe("progressText", () => {
  it("names the phase, its steps, the time spent and the estimate with how it was made", () => {
    expect(progressText({ phase: "load", done: 0, total: 1, elapsedMs: 12_300 })).toBe("load · loading profiles… · 12 s");
    expect(progressText({ phase: "compute", done: 250_000, total: 1_000_000, elapsedMs: 60_000 })).toBe(
      "compute · pairing users 250,000 / 1,000,000 users · 1 min 00 s · about 3 min 00 s left (at this phase's rate so far)",
    );
    expect(progressText({ phase: "descent", done: 3, total: 10, elapsedMs: 120_000 })).toBe(
      "descent · NN-Descent iteration 3 of at most 10 done · 2 min 00 s · at most about 4 min 40 s left (7 iterations under the cap at 40 s each; it may stop sooner)",
    );
    expect(progressText({ phase: "recall", done: 0, total: 1, elapsedMs: 4_000 })).toBe("recall · measuring recall… · 4 s");
    expect(progressText({ phase: "write", done: 0, total: 20_000_000, elapsedMs: 0 })).toBe(
      "write · writing neighbours 0 / 20,000,000 rows · 0 s · estimating the time left",
    );
  });

  it("counts the time and the estimate on between reports", () => {
    // The descent report above, 30 s later: 2 min 30 s spent, at most 280 - 30 = 250 s left.
    expect(progressText({ phase: "descent", done: 3, total: 10, elapsedMs: 120_000 }, 30_000)).toBe(
      "descent · NN-Descent iteration 3 of at most 10 done · 2 min 30 s · at most about 4 min 10 s left (7 iterations under the cap at 40 s each; it may stop sooner)",
    );
    // Past the estimate it says 0 s rather than a negative time.
    expect(progressText({ phase: "write", done: 10, total: 20, elapsedMs: 4_000 }, 9_000)).toBe(
      "write · writing neighbours 10 / 20 rows · 13 s · about 0 s left (at this phase's rate so far)",
    );
  });
});

describe("rankProgress", () => {
  it("shows a phase at once when it begins, then at most every 250 ms and its last step, timing each phase from its start", () => {
    let clock = 1_000;
    const shown: [string, boolean][] = [];
    const progress = rankProgress((text, begins) => shown.push([text, begins]), () => clock);
    progress.report("load", 0, 1);
    clock += 20_000;
    progress.report("compute", 10, 100); // a new phase: shown, its time from here
    clock += 100;
    progress.report("compute", 11, 100); // 100 ms after the last line: not shown
    clock += 3_900;
    progress.report("compute", 50, 100);
    progress.report("compute", 100, 100); // the last step: shown however soon
    clock += 2_000;
    progress.tick();
    expect(shown).toEqual([
      ["load · loading profiles… · 0 s", true],
      ["compute · pairing users 10 / 100 users · 0 s · estimating the time left", true],
      ["compute · pairing users 50 / 100 users · 4 s · about 4 s left (at this phase's rate so far)", false],
      ["compute · pairing users 100 / 100 users · 4 s", false],
      ["compute · pairing users 100 / 100 users · 6 s", false],
    ]);
  });

  it("ticks nothing before the first report", () => {
    const shown: string[] = [];
    rankProgress((text) => shown.push(text)).tick();
    expect(shown).toEqual([]);
  });
});
