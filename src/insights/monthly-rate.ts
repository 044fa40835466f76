/**
 * Per-month figures ("≈ $12.00/month"): a period's dollars scaled to a month by the days of the period
 * that hold data, not by the period's length, so a long range with a few ingested days does not average
 * its empty days into the monthly figure. When the two differ, `basis` says which days the rate is of.
 * A day has data when it holds records from at least two of its hours: the flows that started in the last
 * minutes before the first ingested midnight are not a day of data (a quiet day counted out only raises
 * the figure, which errs high rather than low).
 */
import type { Store } from "../store/store.js";
import type { Period } from "./insight.js";
import { readSql } from "./read-sql.js";

export interface MonthlyRate {
  /** Days of the period with at least one record (at least 1, so a rate is always defined). */
  readonly dataDays: number;
  /** `usd` over the data days, as a month of `daysPerMonth` days. */
  perMonth(usd: number): number;
  /** "" when every day of the period has data; else " at the rate of the 3 days with data". */
  readonly basis: string;
}

export async function monthlyRate(store: Store, period: Period, daysPerMonth: number): Promise<MonthlyRate> {
  const periodDays = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
  const withData = await store.value<number>(readSql(import.meta.url, "data-days.sql", store.dialect.name), {
    from: period.from,
    to: period.to,
  });
  const dataDays = Math.max(1, withData ?? 0);
  return {
    dataDays,
    perMonth: (usd) => (usd * daysPerMonth) / dataDays,
    basis:
      dataDays === periodDays
        ? ""
        : ` at the rate of the ${dataDays} ${dataDays === 1 ? "day" : "days"} with data`,
  };
}
