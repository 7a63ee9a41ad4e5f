/** The similarity settings the evaluation compares: how tags are weighted and how much each source counts. */
import { documentFrequenciesOf, withIdf } from "../profiles/load-profiles.js";
import { type Source } from "../profiles/source.js";
import type { SourceRow } from "../profiles/source-rows.js";
import { defaultWeights } from "../rankings/run-parameters.js";

/** plain: every weight 1 (set Jaccard); weighted: the source formulas (the default); idf: formulas × ln(1 + N/df). */
export type Weighting = "plain" | "weighted" | "idf";

export interface Setting {
  label: string;
  weighting: Weighting;
  /** α per source. */
  alphas: Record<Source, number>;
}

export const defaultSetting: Setting = { label: "weighted Jaccard (default)", weighting: "weighted", alphas: defaultWeights };

/** The comparison grid of `npm run evaluate -- --compare`. */
export const comparedSettings: readonly Setting[] = [
  { label: "plain Jaccard", weighting: "plain", alphas: defaultWeights },
  defaultSetting,
  { label: "weighted + idf", weighting: "idf", alphas: defaultWeights },
  { label: "interests=2", weighting: "weighted", alphas: { interests: 2, courses: 1, assessments: 1 } },
  { label: "courses=2", weighting: "weighted", alphas: { interests: 1, courses: 2, assessments: 1 } },
  { label: "assessments=0.25", weighting: "weighted", alphas: { interests: 1, courses: 1, assessments: 0.25 } },
  { label: "interests=4,assessments=0.25", weighting: "weighted", alphas: { interests: 4, courses: 1, assessments: 0.25 } },
];

/** A source's rows under a weighting; idf counts df and N over the rows given (the visible data). */
export function weightRows(rows: readonly SourceRow[], weighting: Weighting): SourceRow[] {
  if (weighting === "plain") return rows.map((r) => ({ ...r, weight: 1 }));
  if (weighting === "idf") return withIdf(rows, documentFrequenciesOf(rows));
  return [...rows];
}
