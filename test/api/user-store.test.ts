// The API's reads of users and their activity, on both databases, against the fixture's rows (fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targetOfUrl } from "../../src/database-url.js";
import { type OpenStores, openStores } from "../../src/db.js";
import { type DialectDatabase, dialects } from "../support/stores.js";
import { fixtureDatabaseOn } from "./fixture.js";

describe.each(dialects)("the user store on %s", (dialect) => {
  let database: DialectDatabase;
  let stores: OpenStores;
  beforeAll(async () => {
    database = await fixtureDatabaseOn(dialect, { ranked: false });
    stores = await openStores(targetOfUrl(database.url));
  });
  afterAll(async () => {
    await stores?.close();
    await database?.remove();
  });

  it("#ping and #userCount answer", async () => {
    await expect(stores.users.ping()).resolves.toBeUndefined();
    expect(await stores.users.userCount()).toBe(10);
  });

  it("#existing knows the users among any handles, a 16-digit one included", async () => {
    expect(await stores.users.existing([3, 99, 8, 9999999999999999])).toEqual(new Set([3, 8]));
  });

  it("#interests and #assessments answer in key order, oldest first, with the instants stored", async () => {
    expect(await stores.users.interests([2, 8, 1])).toEqual([
      [
        { tag: "javascript", followedAt: new Date("2017-07-01T10:00:00.000Z") },
        { tag: "web", followedAt: new Date("2017-07-01T10:00:00.000Z") },
      ],
      [],
      [
        { tag: "javascript", followedAt: new Date("2017-06-27T16:26:52.000Z") },
        { tag: "react", followedAt: new Date("2017-06-27T16:26:52.000Z") },
        { tag: "web", followedAt: new Date("2017-06-28T09:00:00.000Z") },
      ],
    ]);
    expect(await stores.users.assessments([3, 4])).toEqual([[{ tag: "python", takenAt: new Date("2017-07-03T08:00:00.000Z"), score: 200 }], []]);
  });

  it("#interests takes a thousand handles in one call", async () => {
    const handles = Array.from({ length: 1000 }, (_, i) => i + 1);
    const lists = await stores.users.interests(handles);
    expect(lists).toHaveLength(1000);
    expect(lists.flat()).toHaveLength(18);
  });

  it("#handlesAfter pages by ascending handle", async () => {
    expect(await stores.users.handlesAfter(null, 3)).toEqual([1, 2, 3]);
    expect(await stores.users.handlesAfter(8, 5)).toEqual([9, 10]);
  });

  it("#courseViews pages a user's views by day, then id, with the course's authors and tags", async () => {
    const first = await stores.users.courseViews(3, null, 1);
    expect(first).toEqual([
      {
        id: expect.any(Number),
        viewedOn: new Date("2017-07-02T00:00:00.000Z"),
        courseId: "py-data",
        author: 901,
        courseAuthors: [901],
        level: "Intermediate",
        seconds: 3000,
        tags: ["data", "python"],
      },
    ]);
    const next = await stores.users.courseViews(3, first![0].id, 5);
    expect(next!.map((v) => [v.courseId, v.courseAuthors, v.tags])).toEqual([["ml-intro", [901, 903], ["machine-learning", "python"]]]);
    expect(await stores.users.courseViews(4, first![0].id, 5)).toBeNull();
    expect(await stores.users.courseViewCount(1)).toBe(2);
    expect(await stores.users.courseViewCount(8)).toBe(0);
  });
});
