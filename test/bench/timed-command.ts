import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../src/database-url.js";

export interface Measured {
  ok: boolean;
  wallS: number;
  peakMiB: number;
  stdout: string;
  /** Why it failed: exit code or signal and the last lines of stderr. */
  failure?: string;
}

/**
 * Runs an entry point (`src/seed.ts`, …) as `npm run` does, with DATABASE_URL = `url`, under /usr/bin/time, so wall
 * time and peak RSS are the whole process's, worker threads included (`%e %M` = elapsed seconds, max RSS in KiB).
 * Past `timeoutS` it is killed and recorded as not finishing.
 */
export function timedCommand(script: string, scriptArgs: string[], url: string, timeoutS: number, env: NodeJS.ProcessEnv = {}): Measured {
  const r = spawnSync("/usr/bin/time", ["-f", "KINDRED_TIME %e %M", process.execPath, "--import", "tsx", path.join(projectRoot, script), ...scriptArgs], {
    cwd: projectRoot,
    env: { ...process.env, ...env, DATABASE_URL: url },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutS * 1000,
    killSignal: "SIGKILL",
  });
  const match = /KINDRED_TIME ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  const ok = r.status === 0 && match !== null;
  return {
    ok,
    wallS: match ? Number(match[1]) : timeoutS,
    peakMiB: match ? Number(match[2]) / 1024 : NaN,
    stdout: r.stdout ?? "",
    failure: ok ? undefined : `${r.error ? r.error.message : `exit ${r.status ?? r.signal}`}: ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`,
  };
}

/** `prisma migrate deploy` on `url`, its output (which would bury a bench's results) to `log`. */
export function deployQuietly(url: string, log: string): void {
  const r = spawnSync(path.join(projectRoot, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  writeFileSync(log, `${r.stdout}${r.stderr}`);
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed, see ${log}`);
}
