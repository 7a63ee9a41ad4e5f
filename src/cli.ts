import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "./domain/user-error.js";
import { RunNotReady } from "./rankings/neighbours-of.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string };

/**
 * Parses argv against `options` (plus --help). A bad flag prints `! message` and the help, exit 2, as Prisma's CLI
 * does; --help prints the help and exits 0.
 */
export function parseCommandLine<O extends Options>(
  argv: string[],
  options: O,
  help: string,
): { values: Values<O>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if ((parsed.values as { help?: boolean }).help) {
      process.stdout.write(help);
      process.exit(0);
    }
    return { values: parsed.values as Values<O>, positionals: parsed.positionals };
  } catch (error) {
    process.stderr.write(`! ${(error as Error).message}\n\n${help}`);
    process.exit(2);
  }
}

/** Parses a flag's value as an integer in [min, max], or throws a UserError naming the flag. */
export function integerFlag(name: string, text: string | undefined, fallback: number, min = 1, max = 1e9): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || value < min || value > max) {
    throw new UserError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/**
 * Runs a command's main: a UserError prints `! message` on stderr and exits with its code, as does a RunNotReady
 * (saying what to run); anything else is a bug and prints its stack, exit 1.
 */
export function runCommand(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      if (error instanceof RunNotReady) {
        process.stderr.write(`! no complete ranking run named "${error.runName}" yet: run \`npm run rank\` first\n`);
        process.exit(1);
      }
      if (error instanceof UserError) {
        process.stderr.write(`! ${error.message}\n`);
        process.exit(error.exitCode);
      }
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * A progress line rewritten in place, only when stderr is a terminal. Off one (CI, a pipe) `update` prints nothing
 * and `milestone` (a phase beginning, say) one plain line, so a log shows where a long command got to without
 * filling up.
 */
export function progressLine(): { update(text: string): void; milestone(text: string): void; done(): void } {
  const tty = process.stderr.isTTY;
  return {
    update: (text) => {
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
    },
    milestone: (text) => process.stderr.write(tty ? `\r\x1b[2K${text}` : `${text}\n`),
    done: () => {
      if (tty) process.stderr.write("\r\x1b[2K");
    },
  };
}
