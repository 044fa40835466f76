/**
 * The network charges flowlens prices, their units and the zod schemas of their price entries — shared by
 * the data file (aws-network-prices.json) and the config overrides, so both validate the same way.
 */
import { z } from "zod";

/** Charges billed per GB (2^30 bytes) at one rate. */
export const PER_GB_CHARGES = [
  "natGatewayProcessing",
  "crossAzOut",
  "crossAzIn",
  "interfaceEndpointProcessing",
  "interRegion",
  "transitGatewayProcessing",
] as const;
/** Charges billed per hour. */
export const HOURLY_CHARGES = ["natGatewayHour", "publicIpv4Hour"] as const;

export type PerGbCharge = (typeof PER_GB_CHARGES)[number];
export type HourlyCharge = (typeof HOURLY_CHARGES)[number];
export type TieredCharge = "internetEgress";
export type ChargeName = PerGbCharge | HourlyCharge | TieredCharge;

export const CHARGE_NAMES: readonly ChargeName[] = [...PER_GB_CHARGES, ...HOURLY_CHARGES, "internetEgress"];

/**
 * Per-GB charges AWS bills together for the same byte, each with the word the rate text shows beside it.
 * A byte that crosses Availability Zones is billed out of the sending AZ and again into the receiving
 * one ($0.01/GB each in us-east-1: $0.02/GB in total).
 */
export const COMBINED_CHARGES = {
  crossAz: [
    { charge: "crossAzOut", label: "out" },
    { charge: "crossAzIn", label: "in" },
  ],
} as const satisfies Record<string, readonly { charge: PerGbCharge; label: string }[]>;
export type CombinedCharge = keyof typeof COMBINED_CHARGES;

/** Charge names flowlens no longer takes, with the sentence that says what replaced them. */
export const RETIRED_CHARGES = {
  crossAz:
    "crossAz is now two charges, crossAzOut and crossAzIn (USD per GB each): AWS bills every byte that crosses AZs out of the sending AZ and into the receiving one",
} as const;

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * The highest price flowlens takes, in USD per GB or per hour: list prices are cents, so anything near
 * this is a typo, and a bound keeps every cost finite (1e308 per GB would report "$∞").
 */
export const MAX_USD = 100;
/** The largest volume a price entry names, in GB: 10^9 GB (an exabyte) a month. */
export const MAX_GB = 1e9;

/** A USD amount from 0 to MAX_USD; the error names the unit and the value given. */
export function usd(unit: string) {
  return z
    .number({ error: (issue) => `expected a price in USD per ${unit} (a number), got ${shown(issue.input)}` })
    .refine((n) => Number.isFinite(n) && n >= 0 && n <= MAX_USD, {
      error: (issue) => `expected a price in USD per ${unit} from 0 to ${MAX_USD}, got ${shown(issue.input)}`,
    });
}

/** A volume in GB from 0 (or, `positive`, more than 0) to MAX_GB. */
export function gb(what: string, positive = false) {
  const least = positive ? "more than 0" : "0";
  return z
    .number({ error: (issue) => `expected ${what} in GB (a number), got ${shown(issue.input)}` })
    .refine((n) => Number.isFinite(n) && (positive ? n > 0 : n >= 0) && n <= MAX_GB, {
      error: (issue) => `expected ${what} in GB from ${least} to ${MAX_GB}, got ${shown(issue.input)}`,
    });
}

/** One internet egress tier: the rate up to a cumulative monthly volume (null: no end). */
export const egressTierSchema = z.strictObject({
  upToGb: gb("the tier's monthly volume", true).nullable(),
  usdPerGb: usd("GB"),
});
export type EgressTier = z.infer<typeof egressTierSchema>;

/** Tiers rise and the last one has no end. */
export const egressTiersSchema = z
  .array(egressTierSchema)
  .min(1)
  .refine(
    (tiers) =>
      tiers.every((tier, i) => {
        const next = tiers[i + 1];
        if (!next) return tier.upToGb === null;
        return tier.upToGb !== null && (next.upToGb === null || next.upToGb > tier.upToGb);
      }),
    { error: "expected tiers whose upToGb rise, the last one with upToGb: null (no end)" },
  );
