/** The evaluation's printed table: one block per task, one line per method and k. */
import { defaultHoldout } from "./holdout.js";
import { type ResultRow, TOP_N } from "./run-evaluation.js";
import type { TaskName } from "./tasks.js";

const titles: Record<TaskName, string> = {
  interests: "Interests: predict the most recently followed quarter of tags",
  courses: "Courses: predict the most recently started quarter of courses",
};

export function formatTable(rows: readonly ResultRow[]): string {
  const lines: string[] = [];
  const width = Math.max(32, ...rows.map((r) => r.method.length));
  for (const task of ["interests", "courses"] as const) {
    const block = rows.filter((r) => r.task === task);
    if (block.length === 0) continue;
    lines.push(`${titles[task]} (${block[0].users} users with ≥ ${defaultHoldout.minItems} distinct items)`);
    lines.push(`  ${"method".padEnd(width)} ${"k".padStart(3)}  ${`hit@${TOP_N}`.padStart(7)}  ${`recall@${TOP_N}`.padStart(9)}  ${`NDCG@${TOP_N}`.padStart(7)} ${"±SE".padStart(6)}`);
    for (const r of block) {
      const m = r.metrics;
      lines.push(
        `  ${r.method.padEnd(width)} ${(r.k === null ? "-" : String(r.k)).padStart(3)}  ${m.hit.toFixed(3).padStart(7)}  ${m.recall.toFixed(3).padStart(9)}  ${m.ndcg.toFixed(3).padStart(7)} ${r.ndcgSE.toFixed(4).padStart(6)}`,
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}
