import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targetOfUrl } from "../../src/database-url.js";
import { type OpenStores, openStores } from "../../src/db.js";
import { loadProfileArrays, loadProfiles, profileArraysFromRows } from "../../src/profiles/load-profiles.js";
import { sourceRows } from "../../src/profiles/source-rows.js";
import { type DialectDatabase, dialects, freshDialectDatabase, prismaFor } from "../support/stores.js";

// Hand-worked fixture.
// Courses: c1 tagged "Python", " python " and "data" (two spellings of one tag after trim + lower-case), c2 tagged
// "data" and "" (blank: ignored), c3 untagged.
// User 1: follows "Python" twice at different times and "sql" → interests {python: 1, sql: 1}.
//         views c1 for 60 s and 60 s, c2 for 120 s, c3 for 999 s → python T = 120 s → ln(1 + 2) = ln 3;
//         data T = 120 + 120 = 240 s → ln(1 + 4) = ln 5; c3 adds nothing.
//         assessed "SQL" 40 then 90 → sql 0.9; "git" 0 → weight 0, so absent.
// User 2: follows "data"; views c2 for 0 s only → no course tags; no assessments.
// User 3: views c3 only, follows nothing → no data in any source: not an active user.
// idf over the interests source: N = 2 users; df(python) = 1, df(sql) = 1, df(data) = 1 → factor ln(1 + 2) = ln 3.
describe.each(dialects)("profiles on %s", (dialect) => {
  let database: DialectDatabase;
  let prisma: PrismaClient;
  let stores: OpenStores;

  beforeAll(async () => {
    database = await freshDialectDatabase(dialect);
    prisma = prismaFor(database);
    stores = await openStores(targetOfUrl(database.url));
    await prisma.user.createMany({ data: [{ handle: 1 }, { handle: 2 }, { handle: 3 }] });
    await prisma.course.createMany({ data: [{ id: "c1" }, { id: "c2" }, { id: "c3" }] });
    await prisma.courseTag.createMany({
      data: [
        { courseId: "c1", tag: "Python" },
        { courseId: "c1", tag: " python " },
        { courseId: "c1", tag: "data" },
        { courseId: "c2", tag: "data" },
        { courseId: "c2", tag: "" },
      ],
    });
    const at = (d: string) => new Date(`${d}T00:00:00Z`);
    await prisma.interest.createMany({
      data: [
        { userHandle: 1, tag: "Python", followedAt: at("2017-06-01") },
        { userHandle: 1, tag: "Python", followedAt: at("2017-07-01") },
        { userHandle: 1, tag: "sql", followedAt: at("2017-06-01") },
        { userHandle: 2, tag: "data", followedAt: at("2017-06-01") },
      ],
    });
    await prisma.courseView.createMany({
      data: [
        { userHandle: 1, courseId: "c1", viewedOn: at("2017-06-01"), authorHandle: 1, seconds: 60 },
        { userHandle: 1, courseId: "c1", viewedOn: at("2017-06-02"), authorHandle: 1, seconds: 60 },
        { userHandle: 1, courseId: "c2", viewedOn: at("2017-06-02"), authorHandle: 1, seconds: 120 },
        { userHandle: 1, courseId: "c3", viewedOn: at("2017-06-02"), authorHandle: 1, seconds: 999 },
        { userHandle: 2, courseId: "c2", viewedOn: at("2017-06-02"), authorHandle: 1, seconds: 0 },
        { userHandle: 3, courseId: "c3", viewedOn: at("2017-06-02"), authorHandle: 1, seconds: 50 },
      ],
    });
    await prisma.assessmentScore.createMany({
      data: [
        { userHandle: 1, tag: "SQL", takenAt: at("2017-06-01"), score: 40 },
        { userHandle: 1, tag: "sql", takenAt: at("2017-06-02"), score: 90 },
        { userHandle: 1, tag: "git", takenAt: at("2017-06-02"), score: 0 },
      ],
    });
  });

  afterAll(async () => {
    await stores?.close();
    await prisma?.$disconnect();
    await database?.remove();
  });

  it("#loadProfiles gives each source's weights by its formula, heaviest first, tags normalized", async () => {
    const profiles = await loadProfiles(stores.profiles, { handles: [1, 2, 3], idf: false });
    expect([...profiles.keys()].sort()).toEqual([1, 2]);
    const one = profiles.get(1)!;
    expect(one.interests).toEqual([
      { tag: "python", weight: 1 },
      { tag: "sql", weight: 1 },
    ]);
    expect(one.courses.map((t) => t.tag)).toEqual(["data", "python"]);
    expect(one.courses[0].weight).toBeCloseTo(Math.log(5), 12);
    expect(one.courses[1].weight).toBeCloseTo(Math.log(3), 12);
    expect(one.assessments).toEqual([{ tag: "sql", weight: 0.9 }]);
    expect(profiles.get(2)).toEqual({ interests: [{ tag: "data", weight: 1 }], courses: [], assessments: [] });
  });

  it("#loadProfiles reads only the handles asked for", async () => {
    const profiles = await loadProfiles(stores.profiles, { handles: [2], idf: false });
    expect([...profiles.keys()]).toEqual([2]);
  });

  it("#loadProfiles with idf scales by ln(1 + N_s / df_s(t)) over the whole population", async () => {
    const profiles = await loadProfiles(stores.profiles, { handles: [1], idf: true });
    expect(profiles.get(1)!.interests.map((t) => t.weight)).toEqual([Math.log(3), Math.log(3)]);
  });

  it("#loadProfileArrays lays out active users by ascending handle with sorted tag ids", async () => {
    const arrays = await loadProfileArrays(stores.profiles, { idf: false });
    expect([...arrays.handles]).toEqual([1, 2]);
    const [interests, courses, assessments] = arrays.sources;
    expect([...interests.offsets]).toEqual([0, 2, 3]);
    const names = (s: typeof interests, from: number, to: number) =>
      [...s.tagIds.subarray(from, to)].map((id) => s.tagNames[id]).sort();
    expect(names(interests, 0, 2)).toEqual(["python", "sql"]);
    expect(names(interests, 2, 3)).toEqual(["data"]);
    for (const s of arrays.sources) {
      for (let i = 0; i < 2; i++) {
        const ids = [...s.tagIds.subarray(s.offsets[i], s.offsets[i + 1])];
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
    }
    expect([...courses.offsets]).toEqual([0, 2, 2]);
    expect([...assessments.offsets]).toEqual([0, 1, 1]);
    expect(assessments.weights[0]).toBe(0.9);
  });
});

// Non-ASCII letters keep their case, as SQLite's lower() (no ICU) keeps them, whatever PostgreSQL's locale: "ÉCOLE" and
// "École " are one tag, "école" another, and "École" sorts first (bytewise, 0xC3 0x89 before 0xC3 0xA9).
describe.each(dialects)("tag normalization on %s", (dialect) => {
  let database: DialectDatabase;
  let stores: OpenStores;

  beforeAll(async () => {
    database = await freshDialectDatabase(dialect);
    const prisma = prismaFor(database);
    try {
      await prisma.user.create({ data: { handle: 4 } });
      await prisma.interest.createMany({
        data: ["ÉCOLE", "École ", "école"].map((tag) => ({ userHandle: 4, tag, followedAt: new Date("2017-06-01T00:00:00Z") })),
      });
    } finally {
      await prisma.$disconnect();
    }
    stores = await openStores(targetOfUrl(database.url));
  });
  afterAll(async () => {
    await stores?.close();
    await database?.remove();
  });

  it("#sourceRows lower-cases ASCII letters only and orders the rows by handle, then tag", async () => {
    expect(await sourceRows(stores.profiles, "interests", [4])).toEqual([
      { handle: 4, tag: "École", weight: 1 },
      { handle: 4, tag: "école", weight: 1 },
    ]);
  });
});

describe("#profileArraysFromRows tag ids", () => {
  const row = (handle: number, tag: string) => ({ handle, tag, weight: 1 });

  it("numbers a source's tags in their sorted order, not in order of first sight", () => {
    const arrays = profileArraysFromRows([[row(1, "zeta"), row(2, "alpha"), row(2, "zeta"), row(3, "Zeta")]]);
    expect(arrays.sources[0].tagNames).toEqual(["Zeta", "alpha", "zeta"]);
    expect([...arrays.sources[0].tagIds]).toEqual([2, 1, 2, 0]);
  });

  it("keeps the existing tags' relative order when a small handle brings a new tag", () => {
    const before = profileArraysFromRows([[row(2, "b"), row(2, "d"), row(3, "a")]]);
    const after = profileArraysFromRows([[row(1, "c"), row(2, "b"), row(2, "d"), row(3, "a")]]);
    expect(before.sources[0].tagNames).toEqual(["a", "b", "d"]);
    expect(after.sources[0].tagNames).toEqual(["a", "b", "c", "d"]);
  });
});
