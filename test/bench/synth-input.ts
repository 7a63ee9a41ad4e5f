/**
 * An engine input straight from the synthetic generator (src/synth), without CSVs or a database: the profiles
 * `npm run synth -- --users N --seed S`, seeded and loaded by src/profiles, would give, with the weights defined in
 * src/profiles/weigh-sources.ts (interests 1 per distinct lower(trim(tag)); courses ln(1 + T/60), T the user's seconds
 * over the courses carrying the tag, by the profiles' own courseWeight; assessments the highest score / 100) and the
 * tags numbered in sorted order (load-profiles.ts). test/bench/synth-input.test.ts checks it against a seeded SQLite
 * file. Cached as one binary file, so an experiment at 1M users starts in seconds rather than minutes.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import { sources } from "../../src/profiles/source.js";
import { normalizedTag } from "../../src/profiles/tag-names.js";
import { courseWeight } from "../../src/profiles/weigh-sources.js";
import type { EngineInput, WeightedSets } from "../../src/similarity/types.js";
import { buildCatalogue, courseCountFor } from "../../src/synth/catalogue.js";
import { deriveSeed, Random } from "../../src/synth/random.js";
import { generateUser } from "../../src/synth/user.js";

/** One source's rows as they are generated, user by user, tags numbered by first sight (renumbered at the end). */
class SourceBuilder {
  private readonly idOf = new Map<string, number>();
  private readonly names: string[] = [];
  private offsets = new Growing(Uint32Array);
  private tags = new Growing(Uint32Array);
  private weights = new Growing(Float64Array);

  constructor() {
    this.offsets.push(0);
  }

  /** Appends the next user's tags (any order, each once). */
  add(entries: Map<string, number>): void {
    for (const [tag, weight] of entries) {
      let id = this.idOf.get(tag);
      if (id === undefined) this.idOf.set(tag, (id = this.names.push(tag) - 1));
      this.tags.push(id);
      this.weights.push(weight);
    }
    this.offsets.push(this.tags.length);
  }

  /** CSR arrays of the users whose `keep` is set, tag ids in sorted tag order, each user's tags ascending. */
  build(keep: Uint8Array): WeightedSets {
    const [offsetsOf, tagsOf, weightsOf] = [this.offsets.array, this.tags.array, this.weights.array];
    const sorted = [...this.names].sort();
    const rank = new Uint32Array(this.names.length);
    sorted.forEach((tag, id) => (rank[this.idOf.get(tag)!] = id));
    let entries = 0;
    for (let u = 0; u < keep.length; u++) if (keep[u]) entries += offsetsOf[u + 1] - offsetsOf[u];
    const offsets = new Uint32Array(keep.reduce((a, b) => a + b, 0) + 1);
    const tagIds = new Uint32Array(entries);
    const weights = new Float64Array(entries);
    let row = 0;
    let at = 0;
    for (let u = 0; u < keep.length; u++) {
      if (!keep[u]) continue;
      const own: [number, number][] = [];
      for (let j = offsetsOf[u]; j < offsetsOf[u + 1]; j++) own.push([rank[tagsOf[j]], weightsOf[j]]);
      own.sort((a, b) => a[0] - b[0]);
      for (const [t, w] of own) {
        tagIds[at] = t;
        weights[at++] = w;
      }
      offsets[++row] = at;
    }
    return { offsets, tagIds, weights, tagCount: sorted.length };
  }

  /** Whether user u has any tag here. */
  has(u: number): boolean {
    return this.offsets.array[u + 1] > this.offsets.array[u];
  }
}

/** A typed array that doubles as it fills (a 1M-user set has ~35M entries: typed, not number[]). */
class Growing<T extends Uint32Array | Float64Array> {
  private data: T;
  length = 0;

  constructor(private readonly Type: { new (n: number): T }) {
    this.data = new Type(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.Type(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The filled part. */
  get array(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export interface SynthProfiles {
  /** handles[i] of user index i, ascending (users with no data in any source are not active, so absent). */
  handles: Int32Array;
  input: EngineInput;
}

/** The active users' profiles of `npm run synth -- --users N --seed S`, α = 1 per source, as `npm run rank` ranks. */
export function synthProfiles(users: number, seed: number): SynthProfiles {
  const catalogue = buildCatalogue(new Random(deriveSeed(seed, 0)), courseCountFor(users));
  const courseTags = catalogue.courses.map((c) => [...new Set(c.tags.map((t) => normalizedTag(t)).filter((t) => t !== ""))]);
  const built = sources.map(() => new SourceBuilder());
  const [interests, courses, assessments] = built;
  for (let handle = 1; handle <= users; handle++) {
    const user = generateUser(new Random(deriveSeed(seed, handle)), catalogue);
    interests.add(new Map(user.interests.map((r) => [normalizedTag(r.tag), 1])));
    const perCourse = new Map<number, number>();
    for (const v of user.views) perCourse.set(v.course, (perCourse.get(v.course) ?? 0) + v.seconds);
    const perTag = new Map<string, number>();
    for (const [course, seconds] of perCourse) for (const tag of courseTags[course]) perTag.set(tag, (perTag.get(tag) ?? 0) + seconds);
    // The weight is filled in below: seconds for now.
    courses.add(new Map([...perTag].filter(([, t]) => t > 0)));
    const best = new Map<string, number>();
    for (const a of user.assessments) best.set(normalizedTag(a.tag), Math.max(best.get(normalizedTag(a.tag)) ?? 0, a.score));
    assessments.add(new Map([...best].filter(([, s]) => s > 0).map(([tag, s]) => [tag, s / 100.0])));
  }
  const keep = new Uint8Array(users);
  for (let u = 0; u < users; u++) keep[u] = built.some((b) => b.has(u)) ? 1 : 0;
  const handles = Int32Array.from({ length: users }, (_, u) => u + 1).filter((_, u) => keep[u] === 1);
  const sets = built.map((b) => b.build(keep));
  const courseSets = sets[sources.indexOf("courses")].weights;
  for (let j = 0; j < courseSets.length; j++) courseSets[j] = courseWeight(courseSets[j]);
  return { handles, input: { userCount: handles.length, sources: sets, alphas: sources.map(() => 1) } };
}

/** synthProfiles(users, seed), read from `dir/synth-<users>-<seed>.bin` when a previous call wrote it, else
 *  generated and written there. */
export function cachedSynthProfiles(users: number, seed: number, dir: string): SynthProfiles {
  const file = path.join(dir, `synth-${users}-${seed}.bin`);
  if (existsSync(file)) return readProfiles(file);
  const profiles = synthProfiles(users, seed);
  mkdirSync(dir, { recursive: true });
  writeProfiles(`${file}.partial`, profiles);
  renameSync(`${file}.partial`, file);
  return profiles;
}

// The file: a u32 header length, a JSON header (the arrays' lengths, each source's tagCount), then the arrays, each
// starting at a multiple of 8 bytes.
function arraysOf({ handles, input }: SynthProfiles) {
  return [handles, ...input.sources.flatMap((s) => [s.offsets, s.tagIds, s.weights])];
}

function writeProfiles(file: string, profiles: SynthProfiles): void {
  const arrays = arraysOf(profiles);
  const header = Buffer.from(
    JSON.stringify({ lengths: arrays.map((a) => a.length), tagCounts: profiles.input.sources.map((s) => s.tagCount) }),
  );
  const fd = openSync(file, "w");
  try {
    const size = Buffer.alloc(8);
    size.writeUInt32LE(header.length);
    writeSync(fd, size);
    writeSync(fd, Buffer.concat([header, Buffer.alloc((8 - (header.length % 8)) % 8)]));
    for (const a of arrays) {
      writeSync(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      writeSync(fd, Buffer.alloc((8 - (a.byteLength % 8)) % 8));
    }
  } finally {
    closeSync(fd);
  }
}

function readProfiles(file: string): SynthProfiles {
  const bytes = readFileSync(file);
  const headerLength = bytes.readUInt32LE(0);
  const { lengths, tagCounts } = JSON.parse(bytes.subarray(8, 8 + headerLength).toString()) as { lengths: number[]; tagCounts: number[] };
  let at = 8 + Math.ceil(headerLength / 8) * 8;
  const take = <T extends Int32Array | Uint32Array | Float64Array>(Type: { new (n: number): T; BYTES_PER_ELEMENT: number }, length: number): T => {
    const array = new Type(length);
    new Uint8Array(array.buffer).set(bytes.subarray(at, at + length * Type.BYTES_PER_ELEMENT));
    at += Math.ceil((length * Type.BYTES_PER_ELEMENT) / 8) * 8;
    return array;
  };
  const handles = take(Int32Array, lengths[0]);
  const sets = tagCounts.map((tagCount, s): WeightedSets => ({
    offsets: take(Uint32Array, lengths[1 + 3 * s]),
    tagIds: take(Uint32Array, lengths[2 + 3 * s]),
    weights: take(Float64Array, lengths[3 + 3 * s]),
    tagCount,
  }));
  return { handles, input: { userCount: handles.length, sources: sets, alphas: sources.map(() => 1) } };
}
