import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { loadProfileArrays } from "../../src/profiles/load-profiles.js";
import { sqliteRunner } from "../../src/profiles/source-rows.js";
import { generateSyntheticData } from "../../src/synth/generate.js";
import { freshDatabase, type TestDatabase } from "../support/database.js";
import { cachedSynthProfiles, synthProfiles } from "./synth-input.js";

let database: TestDatabase;
let dir: string;
afterEach(() => {
  database?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe("the benches' synthetic input", () => {
  it("is what seeding the generated CSVs into SQLite and loading the profiles gives, bit for bit, and reads back from its cache", async () => {
    database = freshDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), "kindred-synth-input-"));
    generateSyntheticData({ users: 600, out: dir, seed: 3 });
    await seedDatabase({ dir, url: database.url });
    const db = openSqlite(database.url);
    const loaded = await loadProfileArrays(sqliteRunner(db), { idf: false }).finally(() => db.close());

    const built = synthProfiles(600, 3);
    expect(Array.from(built.handles)).toEqual(Array.from(loaded.handles));
    expect(built.input.userCount).toBe(loaded.handles.length);
    built.input.sources.forEach((sets, s) => {
      const want = loaded.sources[s];
      expect(sets.tagCount).toBe(want.tagCount);
      expect(Array.from(sets.offsets)).toEqual(Array.from(want.offsets));
      expect(Array.from(sets.tagIds)).toEqual(Array.from(want.tagIds));
      expect(Array.from(sets.weights)).toEqual(Array.from(want.weights));
    });
    // Written on the first call, read on the second: the same arrays.
    const cache = path.join(dir, "cache");
    const written = cachedSynthProfiles(600, 3, cache);
    const read = cachedSynthProfiles(600, 3, cache);
    expect(read).toEqual(written);
    expect(read).toEqual(built);
  });
});
