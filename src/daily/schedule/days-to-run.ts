import { addDays, DAY_MS, parseUtcDay } from "../../utc-day.js";

/**
 * The days a scheduler should run, oldest first: the days after `lastCompleted` up to `yesterday`, at most
 * the `maxCatchUp` most recent of them. When nothing ever completed, just `yesterday`; when `lastCompleted`
 * is `yesterday` or later, none.
 *
 * @example daysToRun("2026-11-18", "2026-11-21", 7) // ["2026-11-19", "2026-11-20", "2026-11-21"]
 */
export function daysToRun(
  lastCompleted: string | undefined,
  yesterday: string,
  maxCatchUp: number,
): string[] {
  const end = parseUtcDay("yesterday", yesterday);
  const limit = Math.max(0, Math.floor(maxCatchUp));
  const missing =
    lastCompleted === undefined
      ? 1
      : Math.max(0, (end - parseUtcDay("last completed day", lastCompleted)) / DAY_MS);
  const count = Math.min(missing, limit);
  return Array.from({ length: count }, (_, i) => addDays(yesterday, i - count + 1));
}
