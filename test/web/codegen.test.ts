import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { generate, loadContext } from "@graphql-codegen/cli";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";

// The typed client is generated from two checked-in inputs: schema.graphql (from the type-graphql classes) and
// the operations in src/web. When either changes without a regeneration, these fail and say which command to run.

const printSchemaScript = `
  import "reflect-metadata";
  const { buildKindredSchema, schemaSdl } = await import("./src/api/schema.ts");
  process.stdout.write(schemaSdl(await buildKindredSchema()));
`;

describe("checked-in generated code", () => {
  test("schema.graphql is what `npm run schema` prints from the type-graphql classes", async () => {
    // Printed in a child process, as `npm run schema` does: inside vitest, src/api/schema.ts would get graphql's ESM
    // build while type-graphql (CommonJS) uses its CJS build, and graphql refuses to mix the two.
    const printed = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", printSchemaScript],
      { cwd: projectRoot, encoding: "utf8" },
    );
    const checkedIn = readFileSync(path.join(projectRoot, "schema.graphql"), "utf8");
    expect(checkedIn, "schema.graphql is stale: run `npm run schema`").toBe(printed);
  });

  test("src/web/gql is what `npm run codegen` generates from schema.graphql and the operations in src/web", async () => {
    const context = await loadContext(path.join(projectRoot, "codegen.yml"));
    context.cwd = projectRoot;
    const outputs: { filename: string; content: string }[] = await generate(context, false);
    const generated = new Map(outputs.map((o) => [path.resolve(projectRoot, o.filename), o.content]));
    const gqlDir = path.join(projectRoot, "src/web/gql");
    const onDisk = readdirSync(gqlDir).map((name) => path.join(gqlDir, name));

    expect(onDisk.sort(), "src/web/gql has other files than codegen writes").toEqual([...generated.keys()].sort());
    for (const [file, content] of generated) {
      expect(readFileSync(file, "utf8"), `${path.relative(projectRoot, file)} is stale: run \`npm run codegen\``).toBe(content);
    }
  });
});
