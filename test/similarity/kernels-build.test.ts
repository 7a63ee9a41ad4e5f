import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../../src/database-url.js";

const wasmDir = path.join(projectRoot, "src/similarity/wasm");

test("kernels.wasm and its bindings are what `npm run build:wasm` makes of kernels.ts now (run it after changing the kernels)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kindred-kernels-"));
  try {
    const fresh = path.join(dir, "kernels.wasm");
    const asc = path.join(projectRoot, "node_modules/.bin/asc");
    const built = spawnSync(asc, ["kernels.ts", "--config", "asconfig.json", "--outFile", fresh], {
      cwd: wasmDir,
      encoding: "utf8",
    });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
    expect(readFileSync(fresh).equals(readFileSync(path.join(wasmDir, "kernels.wasm")))).toBe(true);
    // asc writes the bindings beside the .wasm (asconfig.json's "bindings"); build:wasm renames them so that they
    // do not shadow kernels.ts. Stale ones would let tsc pass calls that the kernels no longer take.
    const bindings = readFileSync(path.join(dir, "kernels.d.ts"), "utf8");
    expect(bindings).toBe(readFileSync(path.join(wasmDir, "kernels.bindings.d.ts"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
