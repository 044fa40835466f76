/**
 * UTC days written YYYY-MM-DD: the unit of flow log folders, of `--from`/`--to` and of reports. One place
 * checks them, so 2024-02-30 is refused everywhere rather than rolled over to March.
 */
import { FlowlensError } from "./errors.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DAY_MS = 86_400_000;

/** Epoch milliseconds of the day's midnight UTC; throws FLOWLENS_USAGE naming `label` if it is no day. */
export function parseUtcDay(label: string, day: string): number {
  const time = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  // Date.parse accepts 2024-02-30 and rolls it over; the round trip catches that.
  if (Number.isNaN(time) || formatUtcDay(time) !== day) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `${label} "${day}" is not a calendar day: expected YYYY-MM-DD`,
      {
        hint: "write the UTC day as e.g. 2024-03-01",
      },
    );
  }
  return time;
}

export function formatUtcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The day `days` days after `day` (before, when negative). */
export function addDays(day: string, days: number): string {
  return formatUtcDay(parseUtcDay("day", day) + days * DAY_MS);
}

/** Yesterday in UTC. */
export function yesterdayUtc(now = new Date()): string {
  return formatUtcDay(now.getTime() - DAY_MS);
}
