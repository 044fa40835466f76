/**
 * Expands an inclusive range of UTC days (`YYYY-MM-DD`) into the days it holds, the unit in which flow log
 * folders are laid out in S3.
 */
import { FlowlensError } from "../../errors.js";
import { DAY_MS, formatUtcDay, parseUtcDay } from "../../utc-day.js";

/**
 * @example daysInRange("2024-02-28", "2024-03-01") // ["2024-02-28", "2024-02-29", "2024-03-01"]
 * @throws FlowlensError FLOWLENS_USAGE when a day is not a calendar day or `from` is after `to`
 */
export function daysInRange(from: string, to: string): string[] {
  const start = parseUtcDay("from", from);
  const end = parseUtcDay("to", to);
  if (start > end) {
    throw new FlowlensError("FLOWLENS_USAGE", `from ${from} is after to ${to}: expected from ≤ to`, {
      hint: "swap the two days",
    });
  }
  const days: string[] = [];
  for (let time = start; time <= end; time += DAY_MS) {
    days.push(formatUtcDay(time));
  }
  return days;
}
