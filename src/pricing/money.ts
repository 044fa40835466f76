/**
 * Money in one place: bytes to GB (2^30 bytes, as AWS bills count them), GB to dollars, and dollars and
 * rates to text. Amounts stay unrounded numbers; only formatUsd rounds, to cents.
 */
import type {
  CombinedPerGbPrice,
  HourlyPrice,
  PerGbPrice,
  Price,
  SinglePrice,
  TieredPrice,
} from "./price-table.js";

/** AWS bills' "GB" is 2^30 bytes (a GiB). */
export const BYTES_PER_GB = 2 ** 30;

export interface Cost<P> {
  /** Unrounded USD. */
  readonly usd: number;
  /** bytes / 2^30 */
  readonly gb: number;
  /** The price applied. */
  readonly rate: P;
}

/**
 * The cost of moving bytes at a per-GB price (a combined price: every part, for every byte).
 * @example costOf(2 ** 30, priceOf("us-east-1", "natGatewayProcessing")).usd // 0.045
 * @example costOf(2 ** 30, priceOf("us-east-1", "crossAz")).usd // 0.02
 */
export function costOf<P extends PerGbPrice | TieredPrice | CombinedPerGbPrice>(
  bytes: number | bigint,
  price: P,
): Cost<P> {
  const gb = Number(bytes) / BYTES_PER_GB;
  return { usd: gb * price.usdPerGb, gb, rate: price };
}

/** The cost of hours at an hourly price (a NAT gateway, a public IPv4 address). */
export function costOfHours(
  hours: number,
  price: HourlyPrice,
): { usd: number; hours: number; rate: HourlyPrice } {
  return { usd: hours * price.usdPerHour, hours, rate: price };
}

const dollars = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Rounds half away from zero to cents, ignoring binary noise (0.045 × 100 is 4.499… in floating point). */
function cents(usd: number): number {
  const scaled = Number((Math.abs(usd) * 100).toFixed(6));
  return (Math.sign(usd) * Math.round(scaled)) / 100;
}

/** `$1,234.56`; negative amounts as `-$1.00`. */
export function formatUsd(usd: number): string {
  const rounded = cents(usd);
  return dollars.format(rounded === 0 ? 0 : rounded);
}

const rateDollars = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

/** `$0.045/GB`, `$0.005/hour`, or a combined price's parts: `$0.01/GB out + $0.01/GB in`. */
export function formatRate(price: Price): string {
  if ("parts" in price)
    return price.parts.map((part) => `${formatRate(part.price)} ${part.label}`).join(" + ");
  return price.unit === "hour"
    ? `${rateDollars.format(price.usdPerHour)}/hour`
    : `${rateDollars.format(price.usdPerGb)}/GB`;
}

/** Where a single price comes from: `us-east-1 list price as of 2026-11-22`, or the config. */
function originOf(price: SinglePrice): string {
  if (price.overridden) return `${price.region} price from config`;
  const listed = `${price.pricedAs} list price as of ${price.asOf}`;
  return price.assumed ? `${listed}, assumed for ${price.region}` : listed;
}

/**
 * The rate and where it comes from, to print next to a dollar figure. A combined price names its parts,
 * and each part's origin when they differ.
 * @example describeRate(price) // "$0.045/GB, us-east-1 list price as of 2026-11-22"
 * @example describeRate(crossAz) // "$0.01/GB out + $0.01/GB in, us-east-1 list price as of 2026-11-22"
 */
export function describeRate(price: Price): string {
  if (!("parts" in price)) return `${formatRate(price)}, ${originOf(price)}`;
  const origins = [...new Set(price.parts.map((part) => originOf(part.price)))];
  if (origins.length === 1) return `${formatRate(price)}, ${origins[0]}`;
  return price.parts
    .map((part) => `${formatRate(part.price)} ${part.label} (${originOf(part.price)})`)
    .join(" + ");
}
