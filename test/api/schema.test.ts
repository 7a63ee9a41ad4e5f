import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { buildKindredSchema, writeSchemaFile } from "../../src/api/schema.js";
import { projectRoot } from "../../src/database-url.js";

test("schema.graphql is what `npm run schema` prints now (run it after changing a type or resolver)", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kindred-schema-"));
  try {
    writeSchemaFile(await buildKindredSchema(), path.join(dir, "schema.graphql"));
    const fresh = readFileSync(path.join(dir, "schema.graphql"), "utf8");
    const checkedIn = readFileSync(path.join(projectRoot, "schema.graphql"), "utf8");
    expect(checkedIn).toContain("THIS FILE WAS GENERATED");
    expect(checkedIn).toBe(fresh);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
