import { describe, expect, test } from "vitest";
import { Arena } from "../../src/similarity/arena.js";
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
 * take an assessment; a few lose a tag (an unfollow, which can drop them below the tail of lists that held them);
 * now and then a user's data is all gone and it leaves; a few new users arrive (some with a single event), inserted
 * among the others as handles would put them. Returns the new profiles, where each previous user went (-1: gone),
 * and the changed users (new indices).
 */
function applyEvents(profiles: Profile[], shape: RandomShape, seed: number) {
  const random = mulberry32(seed);
  let next = profiles.map((p) => p.map((m) => new Map(m)));
  /** origin[v]: the previous index of new user v, -1 for a user who arrived in this batch. */
  let origin = profiles.map((_, i) => i);
  const touched = new Set<number>();
  for (let e = 0; e < 1 + Math.floor(random() * 4); e++) {
    const u = Math.floor(random() * next.length);
    const s = Math.floor(random() * shape.tags.length);
    const tag = Math.floor(random() * shape.tags[s]);
    next[u][s].set(tag, shape.weights === "unit" ? 1 : (next[u][s].get(tag) ?? 0) + 0.5);
    touched.add(u);
  }
  for (let e = 0; e < Math.floor(random() * 3); e++) {
    const u = Math.floor(random() * next.length);
    const s = Math.floor(random() * shape.tags.length);
    const tags = [...next[u][s].keys()];
    if (tags.length === 0) continue;
    next[u][s].delete(tags[Math.floor(random() * tags.length)]);
    touched.add(u);
  }
  if (random() < 0.4) {
    const gone = Math.floor(random() * next.length);
    next = next.filter((_, i) => i !== gone);
    origin = origin.filter((_, i) => i !== gone);
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
  const newIndex = new Int32Array(profiles.length).fill(-1);
  origin.forEach((o, v) => {
    if (o >= 0) newIndex[o] = v;
  });
  const changed = origin.flatMap((o, v) => (o === -1 || touched.has(o) ? [v] : []));
  return { profiles: next, newIndex, changed };
}

/** What the rule before this one re-queried: the changed users and every user whose previous list held a changed
 *  or departed user. */
function holdersOfChanged(before: NeighbourLists, newIndex: Int32Array, changed: number[]): number {
  const isChanged = new Set(changed);
  let holders = 0;
  newIndex.forEach((v, o) => {
    if (v < 0 || isChanged.has(v)) return;
    const held = Array.from(before.neighbour.subarray(o * before.k, o * before.k + before.count[o]), (w) => newIndex[w]);
    if (held.some((w) => w < 0 || isChanged.has(w))) holders++;
  });
  return changed.length + holders;
}

describe("updateLists equals a full exact run of the new data", () => {
  shapes.forEach((shape, i) => {
    test(`${shape.users} users, tags ${shape.tags.join("/")}, ${shape.weights}, k ${shape.k}: 6 batches, 4 seeds`, () => {
      let requeried = 0;
      let holders = 0;
      for (let seed = 1; seed <= 4; seed++) {
        let profiles = randomProfiles(100 * i + seed, shape);
        let lists: NeighbourLists = rankUsers(inputOf(profiles, shape), shape.k);
        // Seeds 3 and 4 prepare every batch's index in one arena, reset each time, and write each batch's lists over
        // the lists of two batches before, as a live service does: nothing left in either may leak into the next.
        const arena = seed > 2 ? new Arena() : undefined;
        let spare: NeighbourLists | undefined;
        for (let batch = 0; batch < 6; batch++) {
          const events = applyEvents(profiles, shape, 1000 * seed + batch);
          const input = inputOf(events.profiles, shape);
          arena?.reset();
          const updated = updateLists(input, shape.k, { lists, newIndex: events.newIndex }, events.changed, { arena, into: spare });
          if (arena) spare = lists;
          expect(plain(updated.lists), `seed ${seed} batch ${batch}`).toEqual(plain(rankUsers(input, shape.k)));
          requeried += updated.requeried.length;
          holders += holdersOfChanged(lists, events.newIndex, events.changed) - events.changed.length;
          profiles = events.profiles;
          lists = updated.lists;
        }
      }
      // Some batches did need users queried again, and fewer than every holder of a changed user.
      if (shape.k < shape.users / 2) expect(requeried).toBeGreaterThan(0);
      expect(requeried).toBeLessThanOrEqual(holders);
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
    expect(updated.queried).toBe(events.changed.length + updated.requeried.length);
    expect(updated.queried).toBeLessThan(holdersOfChanged(before, events.newIndex, events.changed));
    expect(rewritten.size).toBeLessThan(events.profiles.length);
    for (const v of updated.requeried) expect(rewritten.has(v)).toBe(true);
    events.newIndex.forEach((v, o) => {
      if (v < 0 || rewritten.has(v)) return;
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
    const pastEnd = Int32Array.from(newIndex, (v) => (v === 0 ? 11 : v));
    expect(() => updateLists(input, 3, { lists: before, newIndex: pastEnd }, [10])).toThrow(
      "newIndex[0] must be -1 or a user index in 0..10, got 11",
    );
    expect(() => updateLists(input, 3, { lists: before, newIndex: newIndex.subarray(1) }, [10])).toThrow(
      "newIndex must have one entry per previous user (10), got 9",
    );
  });
});

/** One source of followed tags (weight 1), tags named by letter: user i follows users[i]. */
function interests(users: string[]) {
  const letters = [...new Set(users.join(""))].sort();
  return inputOf(
    users.map((tags) => [new Map([...tags].map((t) => [letters.indexOf(t), 1]))]),
    { tags: [letters.length] },
  );
}

/** updateLists from `before` to `after` (same users, `changed` among them), checked against a full run. */
function update(before: string[], after: string[], changed: number[], k: number) {
  const input = interests(after);
  const lists = rankUsers(interests(before), k);
  const updated = updateLists(input, k, { lists, newIndex: Int32Array.from(before.keys()) }, changed);
  expect(plain(updated.lists)).toEqual(plain(rankUsers(input, k)));
  return updated;
}

const neighbours = (lists: NeighbourLists, v: number) => Array.from(lists.neighbour.subarray(v * lists.k, v * lists.k + lists.count[v]));

describe("updateLists' merge: who is queried again", () => {
  // Before: S(0,1) = 1, S(0,2) = 2/3, S(0,3) = S(0,4) = 1/3; user 0's list (k = 2) is [1, 2], user 1's [0, 2],
  // user 3's [2 (1/2), 0 (1/3)]. User 2 unfollows b: S(0,2) = S(1,2) = 1/3, below their lists' old k-th (2/3), so the
  // merged lists of 0 and 1 hold one entry and both are queried again (their new k-th, 2 at 1/3, ties 3 and 4 and
  // wins on index). User 3's merged list [2 (1), 0 (1/3)] still ends on its old k-th entry: exact without a query.
  test("a changed user falling below the k-th entry sends its holders back to a query, and only them", () => {
    const updated = update(["abc", "abc", "ab", "a", "c"], ["abc", "abc", "a", "a", "c"], [2], 2);
    expect([...updated.requeried]).toEqual([0, 1]);
    expect([...updated.rewritten]).toEqual([0, 1, 2, 3]);
    expect(neighbours(updated.lists, 0)).toEqual([1, 2]);
    expect(neighbours(updated.lists, 3)).toEqual([2, 0]);
  });

  // Before: user 1 = {a, b} lists [2 (2/3), 3 (1/2)], with 4 tying 3 at 1/2 and left out on index.
  const before = ["q", "ab", "abx", "a", "b"];

  // User 0 turns to {a}: S(1,0) = 1/2 ties the k-th score with a smaller index, so it enters and pushes 3 out; the
  // merged k-th (0 at 1/2) is better than the old (3 at 1/2), so nobody is queried again. Likewise user 2's list.
  test("a changed user tying the k-th score with a smaller index enters without a query", () => {
    const updated = update(before, ["a", "ab", "abx", "a", "b"], [0], 2);
    expect([...updated.requeried]).toEqual([]);
    expect(neighbours(updated.lists, 1)).toEqual([2, 0]);
    expect(neighbours(updated.lists, 2)).toEqual([1, 0]);
  });

  // User 3, the k-th of user 1's list, swaps a for b: same score 1/2, so the merged k-th is the old k-th entry
  // itself and the list is exact; 4, tying it, stays out.
  test("the k-th entry's own user changing to the same score settles the list without a query", () => {
    const updated = update(before, ["q", "ab", "abx", "b", "b"], [3], 2);
    expect([...updated.requeried]).toEqual([]);
    expect(neighbours(updated.lists, 1)).toEqual([2, 3]);
  });

  // Before: 0 and 1 follow {a, b}, 2 {a}, 3 {b}. User 1's data is all gone.
  test("a departed user leaves lists it filled to k short, so their users are queried again; below k, not", () => {
    const input = interests(["ab", "a", "b"]);
    const newIndex = Int32Array.of(0, -1, 1, 2);
    for (const [k, requeried] of [
      [2, [0, 1, 2]],
      [4, []],
    ] as const) {
      const lists = rankUsers(interests(["ab", "ab", "a", "b"]), k);
      const updated = updateLists(input, k, { lists, newIndex }, []);
      expect(plain(updated.lists), `k ${k}`).toEqual(plain(rankUsers(input, k)));
      expect([...updated.requeried], `k ${k}`).toEqual(requeried);
      expect([...updated.rewritten], `k ${k}`).toEqual([0, 1, 2]);
    }
  });
});
