/**
 * The day flags of every command (`--date`, `--from`, `--to`), checked in one place so an error names the
 * flag the user typed: `--date "2026-13-01" is not a calendar day…`, `--from 2026-11-21 is after --to …`.
 */
import { FlowlensError } from "../errors.js";
import type { Period } from "../insights/insight.js";
import { parseUtcDay, yesterdayUtc } from "../utc-day.js";

export interface DayFlags {
  readonly date?: string;
  readonly from?: string;
  readonly to?: string;
}

/** The day of `--date` (default: yesterday, UTC). */
export function dayFromFlag(date: string | undefined, today = new Date()): string {
  if (date === undefined) return yesterdayUtc(today);
  parseUtcDay("--date", date);
  return date;
}

/**
 * The days of `--from`/`--to`: `--from` defaults to `defaultFrom`, `--to` to `--from`; both days
 * included. Throws FLOWLENS_USAGE naming the flag that is wrong.
 */
export function rangeFromFlags(flags: DayFlags, defaultFrom: string): Period {
  if (flags.from !== undefined) parseUtcDay("--from", flags.from);
  if (flags.to !== undefined) parseUtcDay("--to", flags.to);
  const from = flags.from ?? defaultFrom;
  const to = flags.to ?? from;
  if (from > to) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      flags.from === undefined
        ? `--to ${to} is before ${from}, the default of --from (yesterday, UTC)`
        : `--from ${from} is after --to ${to}`,
      { hint: flags.from === undefined ? "give --from too" : "swap the two days" },
    );
  }
  return { from, to };
}

/** A report's period from `--date` or `--from`/`--to` (one flag alone is one day); default yesterday. */
export function periodFromFlags(flags: DayFlags, today = new Date()): Period {
  if (flags.date !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new FlowlensError("FLOWLENS_USAGE", "--date cannot be combined with --from/--to", {
      hint: "give one day with --date, or a range with --from and --to",
    });
  }
  if (flags.date !== undefined) {
    const day = dayFromFlag(flags.date);
    return { from: day, to: day };
  }
  return rangeFromFlags(flags, flags.to ?? yesterdayUtc(today));
}
