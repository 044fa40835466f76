/**
 * The day flags of every command (`--date`, `--from`, `--to`), checked in one place so an error names the
 * flag the user typed: `--date "2026-13-01" is not a calendar day…`, `--from 2026-11-21 is after --to …`.
 * A day flag is a day from 2000-01-01 to 2099-12-31 (flow logs began in 2015): insights look back weeks
 * from it, and DuckDB cannot write a year before 0000 or after 9999.
 */
import { FlowlensError } from "../errors.js";
import type { Period } from "../insights/insight.js";
import { parseUtcDay, yesterdayUtc } from "../utc-day.js";

export interface DayFlags {
  readonly date?: string;
  readonly from?: string;
  readonly to?: string;
}

export const FIRST_FLAG_DAY = "2000-01-01";
export const LAST_FLAG_DAY = "2099-12-31";

/** Checks one day flag's value: a calendar day from FIRST_FLAG_DAY to LAST_FLAG_DAY. */
export function checkDayFlag(flag: string, day: string): void {
  parseUtcDay(flag, day);
  if (day < FIRST_FLAG_DAY || day > LAST_FLAG_DAY) {
    throw new FlowlensError(
      "FLOWLENS_USAGE",
      `${flag} ${day} is out of range: expected a day from ${FIRST_FLAG_DAY} to ${LAST_FLAG_DAY}`,
      { hint: "write the UTC day of the flow logs, e.g. 2024-03-01" },
    );
  }
}

/** The day of `--date` (default: yesterday, UTC). */
export function dayFromFlag(date: string | undefined, today = new Date()): string {
  if (date === undefined) return yesterdayUtc(today);
  checkDayFlag("--date", date);
  return date;
}

/**
 * The days of `--from`/`--to`: `--from` defaults to `defaultFrom`, `--to` to `--from`; both days
 * included. Throws FLOWLENS_USAGE naming the flag that is wrong.
 */
export function rangeFromFlags(flags: DayFlags, defaultFrom: string): Period {
  if (flags.from !== undefined) checkDayFlag("--from", flags.from);
  if (flags.to !== undefined) checkDayFlag("--to", flags.to);
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

/**
 * A period written in one flag: `D` (one day) or `D1..D2` (both included), each a day flag. Throws
 * FLOWLENS_USAGE naming the flag.
 * @example rangeFromFlag("--before", "2026-11-13..2026-11-19") // { from: "2026-11-13", to: "2026-11-19" }
 */
export function rangeFromFlag(flag: string, value: string): Period {
  const parts = value.split("..");
  const [from = "", to = from] = parts;
  if (parts.length > 2 || parts.some((part) => part === "" || part.includes("."))) {
    throw new FlowlensError("FLOWLENS_USAGE", `${flag} ${value} is not a period: expected D or D1..D2`, {
      hint: `write e.g. ${flag} 2026-11-13..2026-11-19, or one day`,
    });
  }
  checkDayFlag(flag, from);
  checkDayFlag(flag, to);
  if (from > to) {
    throw new FlowlensError("FLOWLENS_USAGE", `${flag} ${value} ends before it begins`, {
      hint: "write the earlier day first",
    });
  }
  return { from, to };
}
