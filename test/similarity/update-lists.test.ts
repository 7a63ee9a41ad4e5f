import { describe, expect, test } from "vitest";
import { rankUsers } from "../../src/similarity/rank-users.js";
import { updateLists } from "../../src/similarity/update-lists.js";
import type { NeighbourLists } from "../../src/similarity/types.js";
import { mulberry32 } from "../bench/stats.js";
import { plain } from "./expect-lists.js";
import { inputOf, type Profile, type RandomShape, randomProfiles } from "./random-input.js";

const shapes: (RandomShape & { k: number })[] = [
  { users: 30, tags: [6, 5, 3], weights: "dyadic", k: 5 },
  { users: 40, tags: [40, 30, 20], weights: "unit", k: 3 },
  { users: 25, tags: [8, 8, 4], weights: "wide", k: 4 },
  { users: 20, tags: [5, 4, 3], weights: "dyadic", k: 50, alphas: [2, 0.5, 1] },
  { users: 120, tags: [12, 9, 5], weights: "dyadic", k: 8 },
];

/**
 * One batch of events on `profiles`: a few users follow a tag, watch more of a course's tag (its weight grows) or
 * take an assessment; a few new users arrive (some with a single event), inserted among the others as handles
 * would put them. Returns the new profiles, where each previous user went, and the changed users (new indices).
 */
function applyEvents(profiles: Profile[], shape: RandomShape, seed: number) {
  const random = mulberry32(seed);
  const next = profiles.map((p) => p.map((m) => new Map(m)));
  /** origin[v]: the previous index of new user v, -1 for a user who arrived in this batch. */
  const origin = profiles.map((_, i) => i);
  const touched = new Set<number>();
  for (let e = 0; e < 1 + Math.floor(random() * 4); e++) {
    const u = Math.floor(random() * next.length);
    const s = Math.floor(random() * shape.tags.length);
    const tag = Math.floor(random() * shape.tags[s]);
    next[u][s].set(tag, shape.weights === "unit" ? 1 : (next[u][s].get(tag) ?? 0) + 0.5);
    touched.add(u);
  }
  for (let e = 0; e < Math.floor(random() * 3); e++) {
    const user: Profile = shape.tags.map(() => new Map());
    const s = Math.floor(random() * shape.tags.length);
    user[s].set(Math.floor(random() * shape.tags[s]), 1);
    if (random() < 0.5) user[(s + 1) % shape.tags.length].set(0, 1);
    const at = Math.floor(random() * (next.length + 1));
    next.splice(at, 0, user);
    origin.splice(at, 0, -1);
  }
  const newIndex = new Int32Array(profiles.length);
  origin.forEach((o, v) => {
    if (o >= 0) newIndex[o] = v;
  });
  const changed = origin.flatMap((o, v) => (o === -1 || touched.has(o) ? [v] : []));
  return { profiles: next, newIndex, changed };
}

describe("updateLists equals a full exact run of the new data", () => {
  shapes.forEach((shape, i) => {
    test(`${shape.users} users, tags ${shape.tags.join("/")}, ${shape.weights}, k ${shape.k}: 6 batches, 4 seeds`, () => {
      for (let seed = 1; seed <= 4; seed++) {
        let profiles = randomProfiles(100 * i + seed, shape);
        let lists: NeighbourLists = rankUsers(inputOf(profiles, shape), shape.k);
        for (let batch = 0; batch < 6; batch++) {
          const events = applyEvents(profiles, shape, 1000 * seed + batch);
          const input = inputOf(events.profiles, shape);
          const updated = updateLists(input, shape.k, { lists, newIndex: events.newIndex }, events.changed);
          expect(plain(updated.lists), `seed ${seed} batch ${batch}`).toEqual(plain(rankUsers(input, shape.k)));
          profiles = events.profiles;
          lists = updated.lists;
        }
      }
    });
  });
});

describe("updateLists' bookkeeping", () => {
  const shape: RandomShape = { users: 200, tags: [60, 40, 20], weights: "dyadic" };

  test("rows outside `rewritten` are the previous rows, renumbered; only some users are queried again", () => {
    const profiles = randomProfiles(77, shape);
    const before = rankUsers(inputOf(profiles, shape), 6);
    const events = applyEvents(profiles, shape, 5);
    const updated = updateLists(inputOf(events.profiles, shape), 6, { lists: before, newIndex: events.newIndex }, events.changed);
    const rewritten = new Set(updated.rewritten);
    expect(updated.queried).toBeLessThan(events.profiles.length / 2);
    expect(rewritten.size).toBeLessThan(events.profiles.length);
    events.newIndex.forEach((v, o) => {
      if (rewritten.has(v)) return;
      const was = Array.from(before.neighbour.subarray(o * 6, o * 6 + before.count[o]), (id) => events.newIndex[id]);
      expect(Array.from(updated.lists.neighbour.subarray(v * 6, v * 6 + updated.lists.count[v]))).toEqual(was);
      expect(Array.from(updated.lists.score.subarray(v * 6, v * 6 + 6))).toEqual(Array.from(before.score.subarray(o * 6, o * 6 + 6)));
    });
    for (const c of events.changed) expect(rewritten.has(c)).toBe(true);
  });

  test("a new user left out of the changed users, or a bad index, is refused", () => {
    const profiles = randomProfiles(78, { ...shape, users: 10 });
    const before = rankUsers(inputOf(profiles, shape), 3);
    const grown = [...profiles, shape.tags.map(() => new Map([[0, 1]]))];
    const input = inputOf(grown, shape);
    const newIndex = Int32Array.from(profiles.map((_, i) => i));
    expect(() => updateLists(input, 3, { lists: before, newIndex }, [])).toThrow("user 10 is new but not among the changed users");
    expect(() => updateLists(input, 3, { lists: before, newIndex }, [11])).toThrow("changed[0] must be a user index in 0..10, got 11");
    expect(() => updateLists(input, 4, { lists: before, newIndex }, [10])).toThrow("the previous lists have k = 3, the update k = 4");
  });
});
