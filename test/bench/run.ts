// `npm run bench`: runs every test/bench/*.bench.ts in its own process, one after another, so one bench's heap and
// JIT state never colour the next. `npm run bench -- seed engine` runs only the benches whose names contain a word;
// words after `--` go to every bench (`npm run bench -- rank -- --reps 3`).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const filters = split === -1 ? argv : argv.slice(0, split);
const passOn = split === -1 ? [] : argv.slice(split + 1);

const benches = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (benches.length === 0) {
  console.error(`! no bench matches ${filters.join(", ")}`);
  process.exit(1);
}
console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", path.join(here, file), ...passOn], {
    stdio: "inherit",
  });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
