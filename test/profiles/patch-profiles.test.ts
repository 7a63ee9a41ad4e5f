import { describe, expect, test } from "vitest";
import { profileArraysFromRows } from "../../src/profiles/load-profiles.js";
import { patchProfiles } from "../../src/profiles/patch-profiles.js";
import type { SourceRow } from "../../src/profiles/source-rows.js";
import { mulberry32 } from "../bench/stats.js";

// Tags whose JavaScript order is not their order of first sight, nor byte order: upper case before lower, "é"
// (U+00E9) after ASCII, an astral "𝔸" (surrogates D835 DD38) before "ﬀ" (U+FB00) though its UTF-8 bytes sort after.
const TAGS = ["python", "Zed", "sql", "data", "a", "ab", "é", "𝔸", "ﬀ", "go", "rust", "c", "c++", "x y"];

/** Each handle of 1..maxHandle is active with probability `density`; per source a few tags from a small pool, some
 *  of them rare, so a few users' changes add and remove tags. */
function randomRows(random: () => number, handles: number[], sourceCount: number): SourceRow[][] {
  return Array.from({ length: sourceCount }, (_, s) => {
    const pool = TAGS.slice(s, s + 4 + Math.floor(random() * 8));
    const rows: SourceRow[] = [];
    for (const handle of handles) {
      const r = random();
      const size = r < 0.4 ? 0 : r < 0.7 ? 1 : 1 + Math.floor(random() * 4);
      const tags = new Set<string>();
      // A skewed pick: the pool's last tags are rare.
      while (tags.size < Math.min(size, pool.length)) tags.add(pool[Math.floor(pool.length * random() ** 2)]);
      for (const tag of tags) rows.push({ handle, tag, weight: (1 + Math.floor(random() * 16)) / 8 });
    }
    return rows;
  });
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("patchProfiles equals profileArraysFromRows of the whole new data", () => {
  test("300 random data sets, each with 3 batches of changed, new and departing users", () => {
    let tagsAdded = 0;
    let tagsGone = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = mulberry32(seed);
      const sourceCount = 1 + (seed % 3);
      const maxHandle = 5 + Math.floor(random() * 30);
      const all = Array.from({ length: maxHandle }, (_, i) => i + 1);
      let rows = randomRows(random, all.filter(() => random() < 0.6), sourceCount);
      let profiles = profileArraysFromRows(rows);
      for (let batch = 0; batch < 3; batch++) {
        // Some existing users, some handles not active yet; each changed user gets new rows (possibly none).
        const changed = all.filter(() => random() < (batch === 2 ? 0.6 : 0.2));
        const blank = changed.filter(() => random() < 0.3);
        const fresh = randomRows(random, changed, sourceCount).map((source) => source.filter((r) => !blank.includes(r.handle)));
        const next = rows.map((source, s) => [...source.filter((r) => !changed.includes(r.handle)), ...fresh[s]]);
        const expected = profileArraysFromRows(next);
        const patched = patchProfiles(profiles, shuffled(changed, random), fresh.map((source) => shuffled(source, random)));
        const where = `seed ${seed} batch ${batch}`;
        expect(patched.profiles, where).toEqual(expected);
        const indexOf = new Map([...expected.handles].map((h, i) => [h, i]));
        expect([...patched.newIndex], where).toEqual([...profiles.handles].map((h) => indexOf.get(h) ?? -1));
        expect([...patched.changed], where).toEqual(changed.filter((h) => indexOf.has(h)).map((h) => indexOf.get(h)));
        expected.sources.forEach((source, s) => {
          const before = new Set(profiles.sources[s].tagNames);
          const after = new Set(source.tagNames);
          tagsAdded += [...after].filter((t) => !before.has(t)).length;
          tagsGone += [...before].filter((t) => !after.has(t)).length;
        });
        rows = next;
        profiles = patched.profiles;
      }
    }
    // The batches did exercise the remap both ways.
    expect(tagsAdded).toBeGreaterThan(50);
    expect(tagsGone).toBeGreaterThan(50);
  });

  test("an unchanged dictionary is kept as it was, and nothing changed gives the same arrays", () => {
    const rows: SourceRow[][] = [
      [
        { handle: 3, tag: "b", weight: 1 },
        { handle: 5, tag: "a", weight: 1 },
        { handle: 5, tag: "b", weight: 1 },
      ],
    ];
    const before = profileArraysFromRows(rows);
    const same = patchProfiles(before, [], [[]]);
    expect(same.profiles).toEqual(before);
    expect([...same.newIndex]).toEqual([0, 1]);
    expect([...same.changed]).toEqual([]);
    // User 3 follows "a" as well: no new tag, so the same names.
    const followed = patchProfiles(before, [3], [[{ handle: 3, tag: "a", weight: 1 }, { handle: 3, tag: "b", weight: 1 }]]);
    expect(followed.profiles.sources[0].tagNames).toBe(before.sources[0].tagNames);
    expect([...followed.profiles.sources[0].tagIds]).toEqual([0, 1, 0, 1]);
    expect([...followed.changed]).toEqual([0]);
  });

  test("a user whose data is all gone leaves, a new handle arrives in handle order, and their tags come and go", () => {
    const before = profileArraysFromRows([
      [
        { handle: 2, tag: "m", weight: 1 },
        { handle: 4, tag: "z", weight: 1 },
      ],
    ]);
    const after = patchProfiles(before, [4, 3], [[{ handle: 3, tag: "a", weight: 1 }]]);
    expect([...after.profiles.handles]).toEqual([2, 3]);
    expect(after.profiles.sources[0].tagNames).toEqual(["a", "m"]);
    expect([...after.profiles.sources[0].tagIds]).toEqual([1, 0]);
    expect([...after.newIndex]).toEqual([0, -1]);
    expect([...after.changed]).toEqual([1]);
  });

  test("a row of a handle not among the changed, or the wrong number of sources, is refused", () => {
    const before = profileArraysFromRows([[{ handle: 1, tag: "a", weight: 1 }]]);
    expect(() => patchProfiles(before, [2], [[{ handle: 1, tag: "a", weight: 1 }]])).toThrow(
      "perSource[0][0] is a row of handle 1, not a changed one",
    );
    expect(() => patchProfiles(before, [1], [[], []])).toThrow("perSource must hold one list of rows per source (1), got 2");
  });
});
