import { describe, expect, it } from "vitest";
import { holdOutRecent, type ItemEvent, visibleEvents } from "../../src/evaluation/holdout.js";

const at = (day: number, time = "12:00:00") => `2017-06-${String(day).padStart(2, "0")}T${time}.000+00:00`;
let nextId = 1;
const follow = (handle: number, item: string, time: string): ItemEvent => ({ handle, item, at: time, id: nextId++ });

describe("holdOutRecent", () => {
  it("hides the most recently followed quarter, rounded down, of a user with 4 or more distinct items", () => {
    // 9 tags on 9 days: floor(9/4) = 2 hidden, the ones of days 9 and 8.
    const events = ["a", "b", "c", "d", "e", "f", "g", "h", "i"].map((tag, d) => follow(1, tag, at(d + 1)));
    expect([...holdOutRecent(events).get(1)!].sort()).toEqual(["h", "i"]);
  });

  it("does not evaluate a user with fewer than 4 distinct items, however many rows", () => {
    const events = [follow(2, "a", at(1)), follow(2, "b", at(2)), follow(2, "c", at(3)), follow(2, "c", at(4))];
    expect(holdOutRecent(events).has(2)).toBe(false);
  });

  it("dates a tag by its first follow, so a re-follow of an old tag is not recent", () => {
    // "a" is followed on day 1 and again on day 9; the newest first follow is "d" on day 4.
    const events = [follow(3, "a", at(1)), follow(3, "b", at(2)), follow(3, "c", at(3)), follow(3, "d", at(4)), follow(3, "a", at(9))];
    expect([...holdOutRecent(events).get(3)!]).toEqual(["d"]);
  });

  it("breaks a tie of timestamps by the later row, as a batch of follows is listed in order", () => {
    const batch = at(5, "08:00:00");
    const events = [follow(4, "z", batch), follow(4, "y", batch), follow(4, "x", batch), follow(4, "w", batch)];
    expect([...holdOutRecent(events).get(4)!]).toEqual(["w"]);
  });
});

describe("visibleEvents", () => {
  it("drops every row of a hidden item, including repeats, and keeps other users' rows of the same item", () => {
    const events = [follow(5, "a", at(1)), follow(5, "b", at(2)), follow(5, "b", at(3)), follow(6, "b", at(1))];
    const kept = visibleEvents(events, new Map([[5, new Set(["b"])]]));
    expect(kept.map((e) => `${e.handle}:${e.item}`)).toEqual(["5:a", "6:b"]);
  });
});
