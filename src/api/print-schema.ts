// `npm run schema`: writes schema.graphql at the project root from the type-graphql classes.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../database-url.js";
import { buildKindredSchema, schemaSdl } from "./schema.js";

const file = path.join(projectRoot, "schema.graphql");
writeFileSync(file, schemaSdl(await buildKindredSchema()));
console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
