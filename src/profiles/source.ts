/** Where a user's tags come from: the tags they follow, the tags of the courses they watched, the tags they were
 *  assessed on. The order here is the order of every per-source array in Kindred. */
export const sources = ["interests", "courses", "assessments"] as const;
export type Source = (typeof sources)[number];

export function isSource(name: string): name is Source {
  return (sources as readonly string[]).includes(name);
}
