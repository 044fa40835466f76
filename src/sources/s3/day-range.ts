/**
 * Expands an inclusive range of UTC days (`YYYY-MM-DD`) into the days it holds, the unit in which flow log
 * folders are laid out in S3.
 */
import { FlowlensError } from "../../errors.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * @example daysInRange("2024-02-28", "2024-03-01") // ["2024-02-28", "2024-02-29", "2024-03-01"]
 * @throws FlowlensError FLOWLENS_USAGE when a day is not a calendar day or `from` is after `to`
 */
export function daysInRange(from: string, to: string): string[] {
  const start = parseDay("from", from);
  const end = parseDay("to", to);
  if (start > end) {
    throw new FlowlensError("FLOWLENS_USAGE", `from ${from} is after to ${to}: expected from ≤ to`, {
      hint: "swap the two days",
    });
  }
  const days: string[] = [];
  for (let time = start; time <= end; time += DAY_MS) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

function parseDay(name: "from" | "to", day: string): number {
  const time = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  // Date.parse accepts 2024-02-30 and rolls it over; the round trip catches that.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
    throw new FlowlensError("FLOWLENS_USAGE", `${name} "${day}" is not a calendar day: expected YYYY-MM-DD`, {
      hint: "write the UTC day as e.g. 2024-03-01",
    });
  }
  return time;
}
