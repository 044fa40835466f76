/**
 * Internet egress is billed on monthly tiers counted across the whole account (first 100 GB free, then
 * cheaper per GB as the month's volume grows), so the cost of one period's bytes depends on what else was
 * sent that month. Two ways to price it, and the result always says which one it used:
 *
 * - Known month-to-date volume (`monthToDateBytesBefore`): the period's bytes are placed on the tiers
 *   after what the account had already sent that month, free GB included. Exact.
 * - Otherwise: the period is assumed to repeat for the whole month (volume × daysInMonth / periodDays),
 *   and priced at that month's average tiered rate. The free 100 GB is not deducted — it is shared by the
 *   whole account, whose other egress usually uses it — so the figure errs high rather than low.
 */
import { BYTES_PER_GB, type Cost } from "./money.js";
import type { TieredPrice } from "./price-table.js";

export interface InternetEgressOptions {
  /** Bytes the account sent to the internet earlier in the same month. @default unknown: see the module comment */
  readonly monthToDateBytesBefore?: number;
  /** Days in the month (for the assumed monthly volume). @default 30 */
  readonly daysInMonth?: number;
  /** Days the bytes were sent over (for the assumed monthly volume). @default 1 */
  readonly periodDays?: number;
}

export interface InternetEgressCost extends Cost<TieredPrice> {
  /** How the tiers were applied, as a sentence to print beside the figure. */
  readonly assumption: string;
}

/** USD for the GB between `fromGb` and `toGb` of a month's cumulative volume. */
function tieredUsd(fromGb: number, toGb: number, freeGb: number, price: TieredPrice): number {
  let usd = 0;
  let tierStart = freeGb;
  for (const tier of price.tiers) {
    const tierEnd = tier.upToGb ?? Number.POSITIVE_INFINITY;
    const overlap = Math.min(toGb, tierEnd) - Math.max(fromGb, tierStart);
    if (overlap > 0) usd += overlap * tier.usdPerGb;
    tierStart = tierEnd;
  }
  return usd;
}

const gbText = (gb: number) => `${gb.toLocaleString("en-US", { maximumFractionDigits: 1 })} GB`;

/**
 * The cost of bytes sent to the internet in a period, on the price's monthly tiers.
 * @example internetEgressCost(2 ** 30, priceOf("us-east-1", "internetEgress")).usd // 0.09
 */
export function internetEgressCost(
  bytesInPeriod: number,
  price: TieredPrice,
  options: InternetEgressOptions = {},
): InternetEgressCost {
  const gb = bytesInPeriod / BYTES_PER_GB;
  let usd: number;
  let assumption: string;
  if (options.monthToDateBytesBefore !== undefined) {
    const beforeGb = options.monthToDateBytesBefore / BYTES_PER_GB;
    usd = tieredUsd(beforeGb, beforeGb + gb, price.freeGbPerMonth, price);
    assumption = `Internet egress priced on the monthly tiers after the ${gbText(beforeGb)} the account had already sent this month (the first ${gbText(price.freeGbPerMonth)} of a month are free).`;
  } else {
    const daysInMonth = options.daysInMonth ?? 30;
    const periodDays = options.periodDays ?? 1;
    const monthGb = (gb * daysInMonth) / periodDays;
    const monthUsd = tieredUsd(0, monthGb, 0, price);
    usd = monthGb > 0 ? (monthUsd * gb) / monthGb : 0;
    assumption = `Internet egress priced at the average tiered rate of a ${daysInMonth}-day month sending this much every ${periodDays === 1 ? "day" : `${periodDays} days`} (${gbText(monthGb)}); the free ${gbText(price.freeGbPerMonth)} a month is not deducted, as the whole account shares it.`;
  }
  const usdPerGb = gb > 0 ? usd / gb : (price.tiers[0]?.usdPerGb ?? 0);
  return { usd, gb, rate: { ...price, usdPerGb }, assumption };
}
