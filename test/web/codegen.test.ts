import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { generate, loadContext } from "@graphql-codegen/cli";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";

// The typed client is generated from two checked-in inputs: schema.graphql and the operations in src/web. This
// fails, naming the command to run, when either changed without a regeneration; test/api/schema.test.ts does the
// same for schema.graphql against the type-graphql classes.

describe("checked-in generated code", () => {
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
