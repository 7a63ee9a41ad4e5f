import { UserError } from "../domain/user-error.js";
import { isSource, type Source, sources } from "../profiles/source.js";
import type { NnDescentParams } from "../similarity/nn-descent.js";

/** Bumped whenever the engine's definition or output changes meaning; stored with every run. */
export const engineVersion = 1;

/** The default results table, as the original system named it. */
export const defaultRunName = "user_ranking";

/** The ranking name a command works on: its --results-table flag, else $RESULTS_TABLE (when not blank), else
 *  user_ranking. */
export function runName(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.RESULTS_TABLE?.trim() || defaultRunName);
}

/** What produced a run, stored as JSON with it. */
export interface RunParameters {
  /** K: neighbours kept per user. */
  top: number;
  /** α per source, > 0. */
  weights: Record<Source, number>;
  idf: boolean;
  /** Worker threads of a single-process run; 1 for a queued run, whose blocks each take one thread of a worker. */
  workers: number;
  /** Set when queue workers ranked the run (npm run rank -- --queue); the lists are the same either way. */
  queued?: true;
  /** How the lists were found; absent in runs stored before there was a choice, which were all exact. */
  method?: RankingMethod;
  /** An approximate run's NN-Descent settings, defaults filled in: with the input, they determine its lists. */
  approximate?: NnDescentParams;
}

/** exact: every pair sharing a tag is scored. approximate: NN-Descent, every listed score exact, a few neighbours
 *  missed (the run's recall says how many). */
export type RankingMethod = "exact" | "approximate";
export const rankingMethods = ["exact", "approximate", "auto"] as const;
/** What --method takes: a method, or auto (exact while its predicted work is small, run-ranking.ts). */
export type MethodChoice = (typeof rankingMethods)[number];

export function parseMethod(text: string | undefined): MethodChoice {
  if (text === undefined) return "auto";
  if (!(rankingMethods as readonly string[]).includes(text)) {
    throw new UserError(`--method must be one of ${rankingMethods.join(", ")}, got "${text}"`);
  }
  return text as MethodChoice;
}

export const defaultWeights: Record<Source, number> = { interests: 1, courses: 1, assessments: 1 };

/**
 * Parses `interests=2,courses=1,assessments=1`; sources left out keep their default weight of 1.
 * Throws a UserError naming the bad part.
 */
export function parseWeights(text: string): Record<Source, number> {
  const weights = { ...defaultWeights };
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, value, extra] = part.split("=");
    if (!isSource(name) || value === undefined || extra !== undefined) {
      throw new UserError(`--weights: "${part}" is not source=number with source one of ${sources.join(", ")}`);
    }
    const alpha = Number(value);
    if (!Number.isFinite(alpha) || alpha <= 0) {
      throw new UserError(`--weights: the weight of ${name} must be a positive number, got "${value}"`);
    }
    weights[name] = alpha;
  }
  return weights;
}
