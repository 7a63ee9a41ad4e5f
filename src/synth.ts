// `npm run synth -- --users N --out DIR [--seed S]`: writes a deterministic synthetic data set for the seed.
import path from "node:path";
import { integerFlag, parseCommandLine, runCommand } from "./cli.js";
import { UserError } from "./domain/user-error.js";
import { generateSyntheticData, synthFiles } from "./synth/generate.js";

const help = `Usage: npm run synth -- --users N --out DIR [--seed S]

Writes the four CSVs the seed imports (${synthFiles.join(", ")}) for N synthetic users drawn from latent topic
communities, with distributions shaped like the seeded data. The same N and seed always give the same bytes.

Options:
  --users N   users to generate, handles 1..N (required)
  --out DIR   folder for the files, created if missing; existing files are overwritten (required)
  --seed S    seed of the generator (default 1)
  -h, --help  show this help

Examples:
  npm run synth -- --users 30000 --out /tmp/synth-30k
  npm run seed -- --dir /tmp/synth-30k
`;

runCommand(async () => {
  const { values } = parseCommandLine(process.argv.slice(2), { users: { type: "string" }, out: { type: "string" }, seed: { type: "string" } }, help);
  if (values.users === undefined || values.out === undefined) throw new UserError("--users and --out are required (see --help)");
  const users = integerFlag("users", values.users, 0, 1, 10_000_000);
  const seed = integerFlag("seed", values.seed, 1, 0, 2 ** 32 - 1);
  const out = path.resolve(values.out);
  const started = Date.now();
  const summary = generateSyntheticData({ users, out, seed });
  console.log(`Synthetic data for ${users} users (seed ${seed}, ${summary.courses} courses) in ${out}`);
  for (const f of synthFiles) console.log(`  ${f.padEnd(28)} ${summary.rows[f]} rows`);
  console.log(`✓ done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
