import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The browser entry points, bundled with the generated client they import. */
const entryPoints = {
  explorer: fileURLToPath(new URL("./explorer/main.ts", import.meta.url)),
  playground: fileURLToPath(new URL("./playground/main.ts", import.meta.url)),
};

export type BundleName = keyof typeof entryPoints;

/**
 * The explorer's and the playground's scripts, bundled in memory when the server starts. Bundling at start rather
 * than in a build step means `npm start` needs no build, no dist/ can be stale or committed, and what is served is
 * the code on disk. It costs 40-80 ms per start (measured on the 2-core dev machine at load 4; the explorer is 36 kB,
 * graphql-ws's client included, the playground 97 kB, graphql's parser included: playground/main.ts says why).
 */
export async function bundleBrowserCode(): Promise<Record<BundleName, string>> {
  const result = await build({
    entryPoints,
    bundle: true,
    write: false,
    format: "esm",
    target: "es2022",
    outdir: "/bundle",
    logLevel: "silent",
  });
  const byName = (name: BundleName) => result.outputFiles.find((file) => file.path === `/bundle/${name}.js`)!.text;
  return { explorer: byName("explorer"), playground: byName("playground") };
}
