import { addDays, DAY_MS, parseUtcDay } from "../../utc-day.js";

/** What `daily_runs` says about past runs. */
export interface RunHistory {
  /** The earliest day that ever ran, completed or not; undefined when nothing ever ran. */
  readonly firstDay: string | undefined;
  /** The days whose latest run completed (exit code 0 or 1). */
  readonly completedDays: ReadonlySet<string>;
}

export interface DaysToRun {
  /** The days to run now, oldest first. */
  readonly days: string[];
  /** Not completed, but older than the catch-up window: they are not run. */
  readonly tooOld: { readonly from: string; readonly to: string; readonly count: number } | undefined;
}

/**
 * The days a scheduler should run: in the catch-up window (the `maxCatchUp` days up to `yesterday`), every
 * day from the first day that ever ran on that has not completed, oldest first. Each day stands alone, so a
 * day that keeps failing is tried again at every pass without holding back the days after it. When nothing
 * ever ran, just `yesterday`.
 *
 * `tooOld` names the days behind the window that are missing since the last completed day before it, so a
 * long downtime says what it left out.
 *
 * @example
 * daysToRun({ firstDay: "2026-11-16", completedDays: new Set(["2026-11-18", "2026-11-20"]) }, "2026-11-21", 7)
 * // { days: ["2026-11-16", "2026-11-17", "2026-11-19", "2026-11-21"], tooOld: undefined }
 */
export function daysToRun(history: RunHistory, yesterday: string, maxCatchUp: number): DaysToRun {
  parseUtcDay("yesterday", yesterday);
  const limit = Math.max(0, Math.floor(maxCatchUp));
  if (limit === 0) return { days: [], tooOld: undefined };
  const windowStart = addDays(yesterday, 1 - limit);
  const firstDay = history.firstDay ?? yesterday;
  parseUtcDay("first day that ran", firstDay);
  const days: string[] = [];
  for (let day = later(firstDay, windowStart); day <= yesterday; day = addDays(day, 1)) {
    if (!history.completedDays.has(day)) days.push(day);
  }
  return { days, tooOld: missedBefore(history, firstDay, windowStart) };
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/** The days after the last completed day before `windowStart` (or from `firstDay`) up to the window. */
function missedBefore(history: RunHistory, firstDay: string, windowStart: string): DaysToRun["tooOld"] {
  const completedBefore = [...history.completedDays].filter((day) => day < windowStart).sort();
  const lastCompleted = completedBefore.at(-1);
  const from = lastCompleted === undefined ? firstDay : later(firstDay, addDays(lastCompleted, 1));
  if (from >= windowStart) return undefined;
  const to = addDays(windowStart, -1);
  const count = Math.round((parseUtcDay("day", windowStart) - parseUtcDay("day", from)) / DAY_MS);
  return { from, to, count };
}
