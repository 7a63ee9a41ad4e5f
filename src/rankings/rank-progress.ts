/**
 * `npm run rank`'s progress line: the phase, how far it is, and an estimate of the time it has left, from the
 * reports of RankingOptions.onProgress. Pure: the caller passes the clock and prints the text.
 *
 * How the estimate is made, so it can be read for what it is:
 * - compute (exact: users paired) and write (rows stored): the rate so far carried over what is left, once the phase
 *   has run for a few seconds. The exact engine hands out the lightest users first, so early in compute the figure
 *   is low; it is printed as "about".
 * - descent (approximate): iterations are reported as each ends, and the run stops early once few lists change, so
 *   the estimate is the mean iteration so far times the iterations left under the cap: "at most about".
 * - load and recall report no steps: the line shows the time spent so far only.
 */

/** The phases of a single-process run, in the order they come (compute for exact, descent for approximate). */
export type RankPhase = "load" | "compute" | "descent" | "recall" | "write";

/** One report: `done` of `total` steps of `phase`, `elapsedMs` after the phase began. */
export interface PhaseReport {
  phase: RankPhase;
  done: number;
  total: number;
  elapsedMs: number;
}

/** Before this long in a phase its rate is too noisy to extrapolate: the line says "estimating". */
export const settleMs = 3000;

const what: Record<RankPhase, string> = {
  load: "loading profiles",
  compute: "pairing users",
  descent: "NN-Descent",
  recall: "measuring recall",
  write: "writing neighbours",
};

const count = (n: number) => n.toLocaleString("en-US");

/** 59 s, 4 min 05 s, 1 h 02 min. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** A phase's time left as of the report, and how it was derived ("at most about" or "about" is the caller's);
 *  null before there is anything to go on. */
export function timeLeft({ phase, done, total, elapsedMs }: PhaseReport): { ms: number; atMost: boolean; basis: string } | null {
  if (done <= 0 || done >= total) return null;
  if (phase === "descent") {
    const perIteration = elapsedMs / done;
    const left = total - done;
    const basis = `${left} iteration${left === 1 ? "" : "s"} under the cap at ${formatDuration(perIteration)} each; it may stop sooner`;
    return { ms: perIteration * left, atMost: true, basis };
  }
  if ((phase === "compute" || phase === "write") && elapsedMs >= settleMs) {
    return { ms: (elapsedMs / done) * (total - done), atMost: false, basis: "at this phase's rate so far" };
  }
  return null;
}

/**
 * The line's text for `report`, `sinceMs` after it arrived (a phase without reports for a while still shows its
 * time going by, and its estimate counting down):
 * `write · writing neighbours 4,200,000 / 20,000,000 rows · 12 s · about 45 s left (at this phase's rate so far)`.
 */
export function progressText(report: PhaseReport, sinceMs = 0): string {
  const { phase, done, total, elapsedMs } = report;
  const steps =
    phase === "compute"
      ? ` ${count(done)} / ${count(total)} users`
      : phase === "descent"
        ? ` iteration ${done} of at most ${total} done`
        : phase === "write" && total > 0
          ? ` ${count(done)} / ${count(total)} rows`
          : "…";
  const estimate = timeLeft(report);
  const hasSteps = phase === "compute" || phase === "descent" || phase === "write";
  const left = estimate
    ? ` · ${estimate.atMost ? "at most about" : "about"} ${formatDuration(Math.max(0, estimate.ms - sinceMs))} left (${estimate.basis})`
    : hasSteps && done < total
      ? " · estimating the time left"
      : "";
  return `${phase} · ${what[phase]}${steps} · ${formatDuration(elapsedMs + sinceMs)}${left}`;
}

/**
 * runRanking's onProgress (`report`), keeping each phase's start, and `tick` for a timer: each hands `show` the
 * line's text, at once when a phase begins (saying so), then at most every `everyMs` (the engine reports per block
 * of users, far more often than a line can be read).
 */
export function rankProgress(show: (text: string, phaseBegins: boolean) => void, now: () => number = Date.now, everyMs = 250) {
  let last: { report: PhaseReport; at: number } | null = null;
  let began = 0;
  let shown = -Infinity;
  const render = (at: number, phaseBegins: boolean) => {
    shown = at;
    show(progressText(last!.report, at - last!.at), phaseBegins);
  };
  return {
    report(phase: RankPhase, done: number, total: number): void {
      const at = now();
      const newPhase = last?.report.phase !== phase;
      if (newPhase) began = at;
      last = { report: { phase, done, total, elapsedMs: at - began }, at };
      if (newPhase || done >= total || at - shown >= everyMs) render(at, newPhase);
    },
    tick(): void {
      if (last) render(now(), false);
    },
  };
}
