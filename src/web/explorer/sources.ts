import type { Source } from "../gql/graphql.js";

/** The three sources in the order the page shows them, with their labels. */
export const sources: readonly { source: Source; label: string }[] = [
  { source: "interests", label: "Interests" },
  { source: "courses", label: "Courses" },
  { source: "assessments", label: "Assessments" },
];

/** A weight or score for display: three decimals, the precision the bars can show anyway. */
export function formatNumber(value: number): string {
  return value.toFixed(3);
}
