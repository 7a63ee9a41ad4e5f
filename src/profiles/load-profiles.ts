import { type Source, sources } from "./source.js";
import { type DocumentFrequencies, documentFrequencies, readSourceSets, type SourceRow, sourceRows, type SqlRunner } from "./source-rows.js";
import type { SourceSets } from "./weigh-sources.js";

export interface TagWeight {
  tag: string;
  /** > 0: see source-rows.ts for each source's formula, times the idf factor when the run used idf. */
  weight: number;
}

/** A user's weighted tag set per source, each heaviest first, then by tag. */
export type UserProfile = Record<Source, TagWeight[]>;

export interface ProfileOptions {
  /** Multiply every weight by ln(1 + N_s / df_s(t)) (see README, "Similarity"). */
  idf: boolean;
}

/**
 * The profiles of `handles`, exactly as the engine sees them. Users with no data in any source are
 * absent from the map. A fixed number of SQL statements (3, or 9 with idf) whatever the number of handles.
 */
export async function loadProfiles(
  run: SqlRunner,
  options: ProfileOptions & { handles: readonly number[] },
): Promise<Map<number, UserProfile>> {
  const perSource = await weightedRows(run, options, options.handles);
  const profiles = new Map<number, UserProfile>();
  sources.forEach((source, s) => {
    for (const row of perSource[s]) {
      let profile = profiles.get(row.handle);
      if (!profile) profiles.set(row.handle, (profile = { interests: [], courses: [], assessments: [] }));
      profile[source].push({ tag: row.tag, weight: row.weight });
    }
  });
  for (const profile of profiles.values()) {
    for (const source of sources) profile[source].sort(heaviestFirst);
  }
  return profiles;
}

const heaviestFirst = (a: TagWeight, b: TagWeight) => b.weight - a.weight || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);

/** One source's tag sets in CSR layout: user i owns tagIds[offsets[i]..offsets[i+1]), ascending, weights > 0. */
export interface SourceArrays {
  offsets: Uint32Array;
  tagIds: Uint32Array;
  weights: Float64Array;
  tagCount: number;
  /** tagNames[id] is the tag a tag id stands for: the source's tags in JavaScript string order (sortedTags). */
  tagNames: string[];
}

/** Every active user's profile as compact arrays for the engine. */
export interface ProfileArrays {
  /** handles[i] is the handle of user index i; ascending, so a smaller index is a smaller handle. */
  handles: Int32Array;
  /** One entry per source, in `sources` order. */
  sources: SourceArrays[];
}

/** All active users (at least one non-empty source) as ProfileArrays: one source after another, so only one
 *  source's raw rows are held at a time. */
export async function loadProfileArrays(run: SqlRunner, options: ProfileOptions): Promise<ProfileArrays> {
  const perSource: SourceSets[] = [];
  for (const source of sources) perSource.push(await readSourceSets(run, source));
  const profiles = profileArraysFromSets(perSource);
  if (options.idf) profiles.sources = profiles.sources.map(withIdfArrays);
  return profiles;
}

/** ProfileArrays from each source's sets (in `sources` order): the union of their users, each source's tag ids and
 *  weights as they are, its offsets spread over the union. */
function profileArraysFromSets(perSource: readonly SourceSets[]): ProfileArrays {
  const handles = unionOfAscending(perSource.map((s) => s.handles));
  const sourcesOut = perSource.map(({ handles: own, offsets: ownOffsets, tagIds, weights, tagNames }) => {
    const offsets = new Uint32Array(handles.length + 1);
    for (let i = 0, k = 0; i < handles.length; i++) {
      const length = k < own.length && own[k] === handles[i] ? ownOffsets[k + 1] - ownOffsets[k++] : 0;
      offsets[i + 1] = offsets[i] + length;
    }
    return { offsets, tagIds, weights, tagCount: tagNames.length, tagNames };
  });
  return { handles, sources: sourcesOut };
}

function unionOfAscending(lists: readonly Int32Array[]): Int32Array {
  const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) all.set(l, (at += l.length) - l.length);
  all.sort();
  let n = 0;
  for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) all[n++] = all[k];
  return all.slice(0, n);
}

/** A source's arrays with each weight multiplied by idfFactor, df and N counted from the arrays themselves. */
function withIdfArrays(source: SourceArrays): SourceArrays {
  const df = new Uint32Array(source.tagCount);
  for (let j = 0; j < source.tagIds.length; j++) df[source.tagIds[j]]++;
  let users = 0;
  for (let i = 0; i + 1 < source.offsets.length; i++) if (source.offsets[i + 1] > source.offsets[i]) users++;
  const weights = source.weights.map((w, j) => w * idfFactor(users, df[source.tagIds[j]]));
  return { ...source, weights };
}

/** ln(1 + N_s / df_s(t)): every weight's idf factor (README, "Similarity"); df >= 1 for a tag someone holds. */
function idfFactor(users: number, df: number): number {
  return Math.log(1 + users / df);
}

/** ProfileArrays from each source's rows (in `sources` order; at most one row per user and tag). */
export function profileArraysFromRows(perSource: readonly SourceRow[][]): ProfileArrays {
  const handles = activeHandles(perSource);
  const indexOf = new Map<number, number>();
  handles.forEach((h, i) => indexOf.set(h, i));
  return { handles, sources: perSource.map((rows) => toCsr(rows, handles.length, indexOf)) };
}

// Only some users' rows: with idf, df and N come from the whole population in SQL.
async function weightedRows(run: SqlRunner, options: ProfileOptions, handles: readonly number[]): Promise<SourceRow[][]> {
  return Promise.all(
    sources.map(async (source) => {
      const rows = await sourceRows(run, source, handles);
      return options.idf ? withIdf(rows, await documentFrequencies(run, source)) : rows;
    }),
  );
}

/** df_s(t) and N_s of one source, counted from all of its rows (each row is one user having one tag). */
export function documentFrequenciesOf(rows: readonly SourceRow[]): DocumentFrequencies {
  const df = new Map<string, number>();
  const users = new Set<number>();
  for (const r of rows) {
    df.set(r.tag, (df.get(r.tag) ?? 0) + 1);
    users.add(r.handle);
  }
  return { users: users.size, df };
}

/** Rows with each weight multiplied by ln(1 + N_s / df_s(t)). */
export function withIdf(rows: readonly SourceRow[], { users, df }: DocumentFrequencies): SourceRow[] {
  // Every tag in rows has df >= 1, since the row's own user has it.
  return rows.map((r) => ({ ...r, weight: r.weight * idfFactor(users, df.get(r.tag)!) }));
}

function activeHandles(perSource: readonly SourceRow[][]): Int32Array {
  const seen = new Set<number>();
  for (const rows of perSource) for (const r of rows) seen.add(r.handle);
  return Int32Array.from(seen).sort();
}

function toCsr(rows: SourceRow[], userCount: number, indexOf: Map<number, number>): SourceArrays {
  // Tag ids in the tags' sorted order (sortedTags says why); then a counting sort by user and, within a user, a
  // sort by tag id.
  const tagNames = sortedTags(rows);
  const tagIdOf = new Map<string, number>();
  tagNames.forEach((tag, id) => tagIdOf.set(tag, id));
  const offsets = new Uint32Array(userCount + 1);
  const userOf = new Uint32Array(rows.length);
  const tagOf = new Uint32Array(rows.length);
  rows.forEach((r, j) => {
    userOf[j] = indexOf.get(r.handle)!;
    tagOf[j] = tagIdOf.get(r.tag)!;
    offsets[userOf[j] + 1]++;
  });
  for (let i = 0; i < userCount; i++) offsets[i + 1] += offsets[i];
  const next = offsets.slice(0, userCount);
  const order = new Uint32Array(rows.length);
  for (let j = 0; j < rows.length; j++) order[next[userOf[j]]++] = j;
  const tagIds = new Uint32Array(rows.length);
  const weights = new Float64Array(rows.length);
  for (let i = 0; i < userCount; i++) {
    const slice = Array.from(order.subarray(offsets[i], offsets[i + 1])).sort((a, b) => tagOf[a] - tagOf[b]);
    slice.forEach((j, k) => {
      tagIds[offsets[i] + k] = tagOf[j];
      weights[offsets[i] + k] = rows[j].weight;
    });
  }
  return { offsets, tagIds, weights, tagCount: tagNames.length, tagNames };
}

/**
 * A source's distinct tags in plain JavaScript string order (UTF-16 code units): tag id = position here. The
 * engine adds a pair's shared tags in ascending id order, so the ids' relative order must depend on the tags alone:
 * then users arriving, changing or leaving only insert or remove ids, every pair of unchanged users adds the same
 * minima in the same order, and its score is the same double before and after (what live updates rely on,
 * patch-profiles.ts). Numbering in order of first sight would let a small handle's new tag reorder everyone's.
 */
function sortedTags(rows: readonly SourceRow[]): string[] {
  return [...new Set(rows.map((r) => r.tag))].sort();
}
