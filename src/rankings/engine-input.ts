import type { ProfileArrays } from "../profiles/load-profiles.js";
import { type Source, sources } from "../profiles/source.js";
import type { EngineInput } from "../similarity/types.js";

/** The engine's input for `profiles`: their tag sets, each source weighted by its α in `weights` (same order). */
export function engineInput(profiles: ProfileArrays, weights: Record<Source, number>): EngineInput {
  return { userCount: profiles.handles.length, sources: profiles.sources, alphas: sources.map((s) => weights[s]) };
}
