// `npm run schema`: writes schema.graphql at the project root from the type-graphql classes.
import path from "node:path";
import { projectRoot } from "../database-url.js";
import { buildKindredSchema, writeSchemaFile } from "./schema.js";

const file = path.join(projectRoot, "schema.graphql");
writeSchemaFile(await buildKindredSchema(), file);
console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
