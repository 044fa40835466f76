/**
 * Price overrides from the config file: per region, any charge. Per-GB and hourly charges take a number
 * (USD per GB, USD per hour); internet egress takes `{ freeGbPerMonth?, tiers? }`.
 *
 * ```yaml
 * prices:
 *   us-east-1:
 *     natGatewayProcessing: 0.04       # USD per GB
 *     natGatewayHour: 0.04             # USD per hour
 *     crossAzOut: 0.01                 # USD per GB out of the sending AZ
 *     crossAzIn: 0.01                  # USD per GB into the receiving AZ
 *     internetEgress:
 *       freeGbPerMonth: 0
 *       tiers: [{ upToGb: null, usdPerGb: 0.06 }]
 * ```
 *
 * Every price is from 0 to $100 (MAX_USD) per GB or per hour, and every volume from 0 to 10^9 GB: list
 * prices are cents, so more is a typo, and the bounds keep every cost finite.
 *
 * A retired charge name (`crossAz`) is refused with a sentence naming the charges that replaced it, rather
 * than guessed at: one number cannot say whether it meant one side of a crossing or both.
 */
import { type core, z } from "zod";
import { FlowlensError } from "../errors.js";
import {
  CHARGE_NAMES,
  egressTiersSchema,
  gb,
  HOURLY_CHARGES,
  MAX_USD,
  PER_GB_CHARGES,
  RETIRED_CHARGES,
  usd,
} from "./charges.js";

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** A key of `prices:` is a region's code (one the price list lacks is priced from us-east-1's figures). */
const REGION_KEY_EXPECTED =
  "expected an AWS region code as the key, such as us-east-1 or ap-southeast-2 (two letters, words, a number, joined by dashes)";

const regionOverridesSchema = z.strictObject({
  ...Object.fromEntries(PER_GB_CHARGES.map((charge) => [charge, usd("GB").optional()])),
  ...Object.fromEntries(HOURLY_CHARGES.map((charge) => [charge, usd("hour").optional()])),
  internetEgress: z
    .strictObject({
      freeGbPerMonth: gb("the free volume a month").optional(),
      tiers: egressTiersSchema.optional(),
    })
    .optional(),
  ...Object.fromEntries(
    Object.entries(RETIRED_CHARGES).map(([charge, replaced]) => [
      charge,
      z.never({ error: replaced }).optional(),
    ]),
  ),
}) as z.ZodType<RegionOverrides>;

export interface RegionOverrides {
  readonly natGatewayProcessing?: number;
  readonly crossAzOut?: number;
  readonly crossAzIn?: number;
  readonly interfaceEndpointProcessing?: number;
  readonly interRegion?: number;
  readonly transitGatewayProcessing?: number;
  readonly natGatewayHour?: number;
  readonly publicIpv4Hour?: number;
  readonly internetEgress?: {
    readonly freeGbPerMonth?: number;
    readonly tiers?: readonly { readonly upToGb: number | null; readonly usdPerGb: number }[];
  };
}

/** Overrides per region name. */
export type PriceOverrides = Readonly<Record<string, RegionOverrides>>;

/** The zod schema of the config's `prices` section (for the config schema to embed). */
export const priceOverridesSchema = z.record(
  z.string().regex(REGION_NAME, { error: REGION_KEY_EXPECTED }),
  regionOverridesSchema,
);

function describeIssue(issue: core.$ZodIssue): string {
  const path = ["prices", ...issue.path.map(String)].join(".");
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
    return `${path}: unknown charge ${keys}; expected one of ${CHARGE_NAMES.join(", ")}`;
  }
  if (issue.code === "invalid_key") {
    return `${path}: ${issue.issues[0]?.message ?? issue.message}`;
  }
  return `${path}: ${issue.message}`;
}

/** Validates config overrides; throws FLOWLENS_CONFIG_INVALID naming each problem. */
export function parsePriceOverrides(overrides: unknown): PriceOverrides {
  if (overrides === undefined || overrides === null) return {};
  const result = priceOverridesSchema.safeParse(overrides);
  if (result.success) return result.data;
  throw new FlowlensError(
    "FLOWLENS_CONFIG_INVALID",
    `invalid price override ${result.error.issues.map(describeIssue).join("; ")}`,
    {
      hint: `per-GB and hourly charges take a number of USD from 0 to ${MAX_USD}; internetEgress takes { freeGbPerMonth, tiers: [{ upToGb, usdPerGb }] }`,
    },
  );
}
