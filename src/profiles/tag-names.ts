/**
 * A tag as the profiles know it: spaces (U+0020 only) trimmed at both ends and ASCII letters lower-cased, what
 * SQLite's lower(trim(tag)) gives without ICU (and PostgreSQL's under the "C" collation), so "Python " and "python"
 * are one tag while "École" and "école" stay two. "" for a blank tag, which no profile holds.
 */
export function normalizedTag(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) === 32) start++;
  while (end > start && raw.charCodeAt(end - 1) === 32) end--;
  return raw.slice(start, end).replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * Numbers strings in order of first sight: a table scan meets each tag or course id thousands of times, so each
 * distinct text is looked at once and every further row costs one Map look-up.
 */
export class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  /** The id of `name`, a new one (names.length) when it is new. */
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) this.ids.set(name, (id = this.names.push(name) - 1));
    return id;
  }

  /** The id of `name` when it has one, else -1 (nothing is added). */
  find(name: string): number {
    return this.ids.get(name) ?? -1;
  }
}

/** Normalized tags numbered by an Interner, each raw spelling normalized once. */
export class TagInterner {
  readonly tags = new Interner();
  private readonly ofRaw = new Map<string, number>();

  /** The id of `raw`'s normalized tag in `tags`, or -1 when it is blank. */
  idOf(raw: string): number {
    let id = this.ofRaw.get(raw);
    if (id === undefined) {
      const tag = normalizedTag(raw);
      this.ofRaw.set(raw, (id = tag === "" ? -1 : this.tags.idOf(tag)));
    }
    return id;
  }
}
