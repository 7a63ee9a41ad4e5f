// What the queue tests share: a seeded SQLite file, the commands as real processes (`npm run rank`, `rank:worker`,
// `export`), their printed lines, and the test file's own queue name on the shared Redis, whose keys are removed
// after the file (never a flush: other files and helpers use the same Redis).
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { projectRoot } from "../../src/database-url.js";
import { openDatabase, openSqlite, sqliteStores } from "../../src/db.js";
import { seedDatabase } from "../../src/import/seed-database.js";
import { generateSyntheticData } from "../../src/synth/generate.js";
import { freshDatabase, selectAll, type TestDatabase } from "../support/database.js";

export const sharedRedis = "redis://127.0.0.1:6379";

/** A queue name no other test file (or run of this one) uses: `test-<file>-<pid>`. */
export const queueNameFor = (file: string) => `test-${path.basename(file).replace(/\.test\.ts$/, "")}-${process.pid}`;

/**
 * A migrated SQLite file holding `users` synthetic users (seed 1): enough for blocks, quick to rank. Seeded once per
 * test run and copied for each file: the seeded copy lives beside global-setup.ts's template, which removes it.
 */
export async function seededDatabase(users: number): Promise<TestDatabase> {
  const database = freshDatabase();
  const seeded = path.join(path.dirname(inject("templateDatabase")), `seeded-${users}.db`);
  if (!existsSync(seeded)) {
    const csv = mkdtempSync(path.join(os.tmpdir(), "kindred-queue-csv-"));
    const partial = path.join(database.dir, "seeding.db");
    try {
      copyFileSync(database.path, partial);
      generateSyntheticData({ users, out: csv, seed: 1 });
      await seedDatabase({ dir: csv, url: `file:${partial}` });
      // Copies take the .db file alone: everything written must be in it, none left in the write-ahead log.
      const db = openSqlite(`file:${partial}`);
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
      // Renamed into place whole: a file seeding at the same time finds either no copy or a complete one.
      renameSync(partial, seeded);
    } finally {
      rmSync(csv, { recursive: true, force: true });
    }
  }
  copyFileSync(seeded, database.path);
  return database;
}

export interface Command {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines(): string[];
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (already printed or to come); rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Exit code (null when killed by a signal), once the process and its pipes are closed. */
  exited: Promise<{ status: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
}

const started = new Set<Command>();

/** The commands these tests run, by their file in src/. */
type Script = "rank" | "rank-worker" | "export";

/**
 * `npm run <script> -- args` as its own process, run by node itself (not npm or npx) so that a signal sent to its pid
 * reaches the command. RESULTS_TABLE and REDIS_URL of the test's own environment are left out unless `env` sets them.
 */
export function start(script: Script, args: string[], env: NodeJS.ProcessEnv = {}): Command {
  const { RESULTS_TABLE: _table, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", path.join("src", `${script}.ts`), ...args], {
    cwd: projectRoot,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk;
    for (const check of waiters) check();
  });
  child.stderr!.on("data", (chunk: Buffer) => void (err += chunk));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (status, signal) => resolve({ status, signal })),
  );
  const lines = () => out.split("\n").slice(0, -1);
  const command: Command = {
    child,
    lines,
    stderr: () => err,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    waitForLine: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const done = () => {
          waiters.delete(check);
          clearTimeout(timer);
        };
        const check = () => {
          const line = lines().find((l) => pattern.test(l));
          if (line !== undefined) {
            done();
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no line matching ${pattern} from ${script} in ${timeoutMs} ms:\n${out}${err}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(({ status, signal }) => {
          if (!waiters.has(check)) return;
          check();
          if (!waiters.has(check)) return;
          done();
          reject(new Error(`${script} exited (${status ?? signal}) before printing a line matching ${pattern}:\n${out}${err}`));
        });
        check();
      }),
  };
  started.add(command);
  void exited.then(() => started.delete(command));
  return command;
}

/** Runs a command to its end. */
export async function run(script: Script, args: string[], env: NodeJS.ProcessEnv = {}) {
  const command = start(script, args, env);
  const { status } = await command.exited;
  return { status, stdout: command.lines().map((l) => `${l}\n`).join(""), stderr: command.stderr() };
}

/** SIGKILLs every command a test started and left running (each by its own pid). */
export async function killStarted(): Promise<void> {
  const left = [...started];
  for (const command of left) command.child.kill("SIGKILL");
  await Promise.all(left.map((command) => command.exited));
}

/** `npm run rank -- --workers 1` on `database`: the single-process run a queued one is held to. */
export const rankSingle = (database: TestDatabase, ...args: string[]) =>
  run("rank", ["--workers", "1", ...args], { DATABASE_URL: database.url });

/** `npm run rank -- --queue URL --queue-name NAME --blocks N` on `database`: a queued run's coordinator. */
export const startCoordinator = (database: TestDatabase, queue: string, queueName: string, blocks: number) =>
  start("rank", ["--queue", queue, "--queue-name", queueName, "--blocks", String(blocks)], { DATABASE_URL: database.url });

export interface Worker extends Command {
  /** host:pid, as the coordinator lists it. */
  name: string;
}

/** `npm run rank:worker`, resolved once it prints its ready line. */
export async function startWorker(queue: string, queueName: string, ...args: string[]): Promise<Worker> {
  const command = start("rank-worker", ["--queue", queue, "--queue-name", queueName, ...args]);
  const ready = await command.waitForLine(/^worker \S+ \(engine version \d+\) waiting for blocks on /);
  return { ...command, name: /^worker (\S+) /.exec(ready)![1] };
}

/** Lines `run R block b/B: users a..z in N ms` a worker printed: the blocks it ranked, as "R b/B". */
export const blocksRanked = (worker: Command) =>
  worker.lines().flatMap((line) => {
    const match = /^run (\d+) block (\d+\/\d+): users \d+\.\.\d+ in \d+ ms$/.exec(line);
    return match ? [`${match[1]} ${match[2]}`] : [];
  });

/** `npm run export` of the served run of `name`: the CSV, and the run id the command names. */
export async function exportRun(database: TestDatabase, name = "user_ranking"): Promise<{ csv: string; runId: number }> {
  const out = path.join(database.dir, `export-${name}-${Date.now()}.csv`);
  const exported = await run("export", ["--out", out, "--results-table", name], { DATABASE_URL: database.url });
  if (exported.status !== 0) throw new Error(`npm run export failed (${exported.status}):\n${exported.stdout}${exported.stderr}`);
  const csv = readFileSync(out, "utf8");
  rmSync(out);
  return { csv, runId: Number(/ of run (\d+) /.exec(exported.stdout)![1]) };
}

export interface RunRow {
  id: number;
  name: string;
  status: string;
  error: string | null;
}

export const rankingRuns = (database: TestDatabase) =>
  selectAll(database.url, "SELECT id, name, status, error FROM ranking_runs ORDER BY id") as RunRow[];

/** The id of the run the ranking store serves for `name` (what the API, `similar` and `export` use), or null. */
export async function servedRunId(database: TestDatabase, name = "user_ranking"): Promise<number | null> {
  const db = openDatabase(database.url);
  try {
    return (await sqliteStores(db).rankings.servedRun(name))?.id ?? null;
  } finally {
    db.close();
  }
}

export const neighbourRows = (database: TestDatabase, runId: number) =>
  (selectAll(database.url, `SELECT count(*) AS n FROM neighbours WHERE run_id = ${runId}`) as { n: number }[])[0].n;

/** The run id a coordinator's summary names (`Ranking run N "name" complete …`). */
export const completedRunId = (stdout: string) => Number(/^Ranking run (\d+) /.exec(stdout)?.[1]);

/** Deletes every key of `queueName` on `url` (BullMQ's and the runs'), by SCAN, never FLUSHDB. */
export async function removeQueueKeys(url: string, queueName: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${queueName}:*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Checks `condition` every 50 ms until it holds; throws `what` after `timeoutMs`. */
export async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Where two exports part: null when they are the same bytes, else the first differing line of each. */
export function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  const [x, y] = [a.split("\n"), b.split("\n")];
  const at = x.findIndex((line, i) => line !== y[i]);
  const line = at === -1 ? x.length : at;
  return `line ${line + 1}: ${JSON.stringify(x[line])} vs ${JSON.stringify(y[line])}`;
}

/** `command`'s exit, or after `timeoutMs` an error carrying `state()`: what a hung run was waiting for. */
export async function exitWithin(command: Command, timeoutMs: number, state: () => Promise<string>): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  const result = await Promise.race([command.exited, timedOut]);
  clearTimeout(timer);
  if (result === "timeout") {
    throw new Error(`still running after ${timeoutMs} ms: ${await state()}\n${command.lines().join("\n")}${command.stderr()}`);
  }
  return result.status;
}
