/**
 * The list prices shipped with flowlens (aws-network-prices.json), validated when first read so a bad
 * edit to the data file fails loudly in tests rather than pricing something at NaN.
 */
import { z } from "zod";
import prices from "./aws-network-prices.json" with { type: "json" };
import { egressTiersSchema, gb, usd } from "./charges.js";

const source = z.url();
const note = z.string().optional();

const chargesSchema = z.strictObject({
  natGatewayProcessing: z.strictObject({ usdPerGb: usd("GB"), note, source }),
  natGatewayHour: z.strictObject({ usdPerHour: usd("hour"), note, source }),
  crossAzOut: z.strictObject({ usdPerGb: usd("GB"), note, source }),
  crossAzIn: z.strictObject({ usdPerGb: usd("GB"), note, source }),
  interfaceEndpointProcessing: z.strictObject({ usdPerGb: usd("GB"), note, source }),
  interRegion: z.strictObject({ usdPerGb: usd("GB"), note, source }),
  transitGatewayProcessing: z.strictObject({ usdPerGb: usd("GB"), note, source }),
  internetEgress: z.strictObject({
    freeGbPerMonth: gb("the free volume a month"),
    tiers: egressTiersSchema,
    note,
    source,
  }),
  publicIpv4Hour: z.strictObject({ usdPerHour: usd("hour"), note, source }),
});

const regionSchema = z.strictObject({
  name: z.string(),
  /** The day the figures were taken from the source pages. */
  asOf: z.iso.date(),
  /** The figures are another region's, not checked for this one. */
  assumed: z.boolean().optional(),
  assumedFrom: z.string().optional(),
  note,
  charges: chargesSchema,
});

export const priceDataSchema = z.strictObject({
  about: z.string(),
  regions: z.record(z.string(), regionSchema),
});

export type PriceData = z.infer<typeof priceDataSchema>;
export type RegionPrices = z.infer<typeof regionSchema>;
export type ListedCharges = z.infer<typeof chargesSchema>;

/** The region whose prices stand in for a region the data file does not have. */
export const FALLBACK_REGION = "us-east-1";

let validated: PriceData | undefined;

/** The shipped price data, validated once. */
export function listPrices(): PriceData {
  validated ??= priceDataSchema.parse(prices);
  return validated;
}
