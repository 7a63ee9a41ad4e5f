// seeds/README.md lists each seed file with its sha256; this keeps the list and the folder from drifting apart: a
// file changed, added or removed without its row in the README fails here.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/database-url.js";

const seeds = path.join(projectRoot, "seeds");

/** The README's file table: rows `| \`name\` | … | \`<64 hex>\` | …`, name → sha256. */
function listedHashes(): Map<string, string> {
  const readme = readFileSync(path.join(seeds, "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\| `([^`]+)` \|.*?\| `([0-9a-f]{64})` \|/gm)];
  return new Map(rows.map(([, name, sha256]) => [name, sha256]));
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(path.join(seeds, file))).digest("hex");

describe("seeds/", () => {
  const listed = listedHashes();

  it("lists every file of the folder in its README, and no other", () => {
    const files = readdirSync(seeds).filter((f) => f !== "README.md").sort();
    expect([...listed.keys()].sort()).toEqual(files);
  });

  it.each([...listed])("%s has the sha256 the README lists", (file, expected) => {
    expect(sha256(file)).toBe(expected);
  });
});
