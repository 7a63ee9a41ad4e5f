/**
 * The profiles after some users' data changed (live updates), from the previous ProfileArrays and the changed users'
 * complete new rows: exactly what profileArraysFromRows gives for the whole new data, every array and tagNames
 * included, without reading the unchanged users' rows again.
 *
 * Unchanged users keep their order relative to each other (handles ascend), so each run of them between two changed
 * users is one block of the new arrays: their tag ids and weights are copied as typed-array blocks, and their
 * offsets shift by a constant. Tag ids are positions in the source's sorted tags (load-profiles.ts, sortedTags), so
 * a new tag or one nobody holds any more only inserts or removes ids: the copied ids then go through one old-to-new
 * map, which keeps each user's ids ascending. The changed users' own slices are built from their rows as toCsr
 * builds them. Work: O(users + entries copied), plus O(entries) for the map when the tags changed, and for finding
 * out whether a tag a changed user dropped is still held by someone (a scan that stops once every such tag is found).
 * Without idf only: with it, a changed df would change everyone's weights.
 */
import type { ProfileArrays, SourceArrays } from "./load-profiles.js";
import type { SourceRow } from "./source-rows.js";

export interface PatchedProfiles {
  profiles: ProfileArrays;
  /** newIndex[i]: the previous user i's index in `profiles`, -1 for a user no longer active (no data left). */
  newIndex: Int32Array;
  /** The indices in `profiles` of the changed users that are active (new users among them), ascending. */
  changed: Int32Array;
}

/**
 * `previous` with the users of `handles` replaced by their rows in `perSource` (in `sources` order, like
 * profileArraysFromRows' argument): all the new rows of exactly those users, at most one per user and tag. A handle
 * with no rows is no longer active; one not in `previous` is a new user. Throws on a row of another handle.
 */
export function patchProfiles(previous: ProfileArrays, handles: readonly number[], perSource: readonly SourceRow[][]): PatchedProfiles {
  if (perSource.length !== previous.sources.length) {
    throw new RangeError(`perSource must hold one list of rows per source (${previous.sources.length}), got ${perSource.length}`);
  }
  const changedHandles = new Set(handles);
  const rowsOf = perSource.map((rows, s) => {
    const byHandle = new Map<number, SourceRow[]>();
    rows.forEach((r, j) => {
      if (!changedHandles.has(r.handle)) throw new RangeError(`perSource[${s}][${j}] is a row of handle ${r.handle}, not a changed one`);
      const list = byHandle.get(r.handle);
      if (list) list.push(r);
      else byHandle.set(r.handle, [r]);
    });
    return byHandle;
  });
  const users = renumber(previous.handles, changedHandles, (h) => rowsOf.some((byHandle) => byHandle.has(h)));
  const runs = unchangedRuns(users.oldOf, users.isChanged);
  const sources = previous.sources.map((old, s) => patchSource(old, users, runs, rowsOf[s]));
  return {
    profiles: { handles: users.handles, sources },
    newIndex: users.newIndex,
    changed: changedIndices(users.isChanged),
  };
}

function changedIndices(isChanged: Uint8Array): Int32Array {
  let count = 0;
  for (let v = 0; v < isChanged.length; v++) count += isChanged[v];
  const changed = new Int32Array(count);
  for (let v = 0, c = 0; v < isChanged.length; v++) if (isChanged[v]) changed[c++] = v;
  return changed;
}

/** The new users in handle order and how they relate to the previous ones. */
interface Renumbering {
  handles: Int32Array;
  /** oldOf[v]: new user v's previous index, -1 for a new user. */
  oldOf: Int32Array;
  newIndex: Int32Array;
  /** isChanged[v] = 1 for a changed user (new or not). */
  isChanged: Uint8Array;
  /** previousChanged[i] = 1 when the previous user i is among the changed (active now or not). */
  previousChanged: Uint8Array;
}

/** Merges the previous handles with the changed ones: a changed handle stays (or arrives) when it is active. */
function renumber(previous: Int32Array, changed: Set<number>, active: (handle: number) => boolean): Renumbering {
  const arriving = Int32Array.from([...changed].filter((h) => active(h))).sort();
  const most = previous.length + arriving.length;
  const handles = new Int32Array(most);
  const oldOf = new Int32Array(most);
  const isChanged = new Uint8Array(most);
  const newIndex = new Int32Array(previous.length).fill(-1);
  const previousChanged = new Uint8Array(previous.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < previous.length || j < arriving.length) {
    const h = i < previous.length ? previous[i] : Infinity;
    const a = j < arriving.length ? arriving[j] : Infinity;
    if (h <= a) {
      const isNowChanged = changed.has(h);
      previousChanged[i] = isNowChanged ? 1 : 0;
      // A changed previous user is active exactly when it is among the arriving handles (then h = a).
      if (!isNowChanged || h === a) {
        handles[n] = h;
        oldOf[n] = i;
        isChanged[n] = isNowChanged ? 1 : 0;
        newIndex[i] = n++;
      }
      if (h === a) j++;
      i++;
    } else {
      handles[n] = a;
      oldOf[n] = -1;
      isChanged[n++] = 1;
      j++;
    }
  }
  return {
    handles: handles.slice(0, n),
    oldOf: oldOf.subarray(0, n),
    newIndex,
    isChanged: isChanged.subarray(0, n),
    previousChanged,
  };
}

/** A run of unchanged users: previous users from..to-1, new users at..at + (to - from) - 1. */
interface Run {
  from: number;
  to: number;
  at: number;
}

function unchangedRuns(oldOf: Int32Array, isChanged: Uint8Array): Run[] {
  const runs: Run[] = [];
  for (let v = 0; v < oldOf.length; v++) {
    if (isChanged[v]) continue;
    const last = runs[runs.length - 1];
    if (last && last.to === oldOf[v] && last.at + (last.to - last.from) === v) last.to++;
    else runs.push({ from: oldOf[v], to: oldOf[v] + 1, at: v });
  }
  return runs;
}

function patchSource(old: SourceArrays, users: Renumbering, runs: Run[], rowsOf: Map<number, SourceRow[]>): SourceArrays {
  const n = users.handles.length;
  const { tagNames, remap } = patchTags(old, users.previousChanged, runs, rowsOf);
  const offsets = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    const o = users.oldOf[v];
    const length = users.isChanged[v] ? (rowsOf.get(users.handles[v])?.length ?? 0) : old.offsets[o + 1] - old.offsets[o];
    offsets[v + 1] = offsets[v] + length;
  }
  const tagIds = new Uint32Array(offsets[n]);
  const weights = new Float64Array(offsets[n]);
  for (const { from, to, at } of runs) {
    const start = old.offsets[from];
    const end = old.offsets[to];
    tagIds.set(old.tagIds.subarray(start, end), offsets[at]);
    weights.set(old.weights.subarray(start, end), offsets[at]);
    if (remap) for (let j = offsets[at], jEnd = j + (end - start); j < jEnd; j++) tagIds[j] = remap[tagIds[j]];
  }
  for (let v = 0; v < n; v++) {
    const rows = users.isChanged[v] ? rowsOf.get(users.handles[v]) : undefined;
    if (!rows) continue;
    const slice = rows.map((r) => ({ id: findTag(tagNames, r.tag), weight: r.weight })).sort((a, b) => a.id - b.id);
    slice.forEach(({ id, weight }, r) => {
      tagIds[offsets[v] + r] = id;
      weights[offsets[v] + r] = weight;
    });
  }
  return { offsets, tagIds, weights, tagCount: tagNames.length, tagNames };
}

/**
 * The source's new sorted tags and, when they differ from the previous ones, the map from a previous tag id to its
 * new id (only defined for tags someone still holds). A tag can vanish only if a changed user held it before and
 * none holds it now; it has then vanished unless an unchanged user holds it.
 */
function patchTags(old: SourceArrays, previousChanged: Uint8Array, runs: Run[], rowsOf: Map<number, SourceRow[]>) {
  const dropped = new Uint8Array(old.tagCount);
  for (let i = 0; i < previousChanged.length; i++) {
    if (!previousChanged[i]) continue;
    for (let j = old.offsets[i]; j < old.offsets[i + 1]; j++) dropped[old.tagIds[j]] = 1;
  }
  const arriving = new Set<string>();
  for (const rows of rowsOf.values()) {
    for (const r of rows) {
      const id = findTag(old.tagNames, r.tag);
      if (id >= 0) dropped[id] = 0;
      else arriving.add(r.tag);
    }
  }
  let unaccounted = dropped.reduce((sum, d) => sum + d, 0);
  for (let r = 0; r < runs.length && unaccounted > 0; r++) {
    for (let j = old.offsets[runs[r].from], end = old.offsets[runs[r].to]; j < end && unaccounted > 0; j++) {
      if (dropped[old.tagIds[j]]) {
        dropped[old.tagIds[j]] = 0;
        unaccounted--;
      }
    }
  }
  if (unaccounted === 0 && arriving.size === 0) return { tagNames: old.tagNames, remap: undefined };
  const added = [...arriving].sort();
  const tagNames: string[] = [];
  const remap = new Uint32Array(old.tagCount);
  let a = 0;
  for (let id = 0; id < old.tagCount; id++) {
    const name = old.tagNames[id];
    while (a < added.length && added[a] < name) tagNames.push(added[a++]);
    if (!dropped[id]) remap[id] = tagNames.push(name) - 1;
  }
  while (a < added.length) tagNames.push(added[a++]);
  return { tagNames, remap };
}

/** The id of `tag` in sorted `names` (JavaScript string order), or -1. */
function findTag(names: readonly string[], tag: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (names[mid] < tag) lo = mid + 1;
    else hi = mid;
  }
  return lo < names.length && names[lo] === tag ? lo : -1;
}
