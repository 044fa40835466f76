/**
 * Prices by region and charge: the shipped list prices (aws-network-prices.json) with the config's
 * overrides on top. Every price says where it came from (source page and date, or the config), whether
 * it was overridden, and whether it is assumed (a region without its own figures), so every dollar
 * figure can be printed next to the rate it used. A combined charge (cross-AZ: out of one AZ and into
 * another) is the sum of its parts, each priced and overridable on its own.
 */
import {
  type ChargeName,
  COMBINED_CHARGES,
  type CombinedCharge,
  type EgressTier,
  HOURLY_CHARGES,
  type HourlyCharge,
  type PerGbCharge,
  type TieredCharge,
} from "./charges.js";
import { FALLBACK_REGION, listPrices, type PriceData } from "./price-data.js";
import { type PriceOverrides, parsePriceOverrides } from "./price-overrides.js";

interface PriceBasis {
  /** The region asked for. */
  readonly region: string;
  /** The region whose list price this is (us-east-1 for a region the data file lacks). */
  readonly pricedAs: string;
  /** The page the figure comes from, or `config: prices.<region>.<charge>`. */
  readonly source: string;
  /** The day the list price was taken; null for a price from the config. */
  readonly asOf: string | null;
  readonly overridden: boolean;
  /** The figure was not checked for this region. */
  readonly assumed: boolean;
  /** Why it is assumed, as a sentence; null when it is not. */
  readonly assumption: string | null;
}

export interface PerGbPrice extends PriceBasis {
  readonly charge: PerGbCharge;
  readonly unit: "GB";
  readonly usdPerGb: number;
}

export interface HourlyPrice extends PriceBasis {
  readonly charge: HourlyCharge;
  readonly unit: "hour";
  readonly usdPerHour: number;
}

/** Internet egress: monthly tiers. usdPerGb is the first paid tier's rate (or the rate a cost applied). */
export interface TieredPrice extends PriceBasis {
  readonly charge: TieredCharge;
  readonly unit: "GB";
  readonly usdPerGb: number;
  /** Free GB per month, account-wide. */
  readonly freeGbPerMonth: number;
  /** Tiers by cumulative GB sent in the month, the free GB included. */
  readonly tiers: readonly EgressTier[];
}

/** One charge of a combined price, with the word its rate text shows beside it ("out", "in"). */
export interface PricePart {
  readonly label: string;
  readonly price: PerGbPrice;
}

/** Per-GB charges AWS bills for the same byte: usdPerGb is the sum of the parts' rates. */
export interface CombinedPerGbPrice {
  readonly charge: CombinedCharge;
  readonly unit: "GB";
  readonly region: string;
  readonly usdPerGb: number;
  readonly parts: readonly PricePart[];
}

/** The price of one charge. */
export type SinglePrice = PerGbPrice | TieredPrice | HourlyPrice;

/** Any price priceOf() returns. */
export type Price = SinglePrice | CombinedPerGbPrice;

export interface LoadPricesOptions {
  /** The config's `prices` section (validated here). @default no overrides */
  readonly overrides?: unknown;
}

const isHourly = (charge: ChargeName): charge is HourlyCharge =>
  (HOURLY_CHARGES as readonly string[]).includes(charge);
const isCombined = (charge: ChargeName | CombinedCharge): charge is CombinedCharge =>
  Object.hasOwn(COMBINED_CHARGES, charge);

export class PriceTable {
  constructor(
    private readonly data: PriceData,
    private readonly overrides: PriceOverrides,
  ) {}

  /** Regions with their own figures in the data file. */
  get regions(): string[] {
    return Object.keys(this.data.regions);
  }

  /**
   * The price of a charge in a region; a region the data file lacks gets us-east-1's, marked assumed.
   * @example priceOf("us-east-1", "natGatewayProcessing").usdPerGb // 0.045
   * @example priceOf("us-east-1", "crossAz").usdPerGb // 0.02 (crossAzOut 0.01 + crossAzIn 0.01)
   */
  priceOf(region: string, charge: PerGbCharge): PerGbPrice;
  priceOf(region: string, charge: HourlyCharge): HourlyPrice;
  priceOf(region: string, charge: TieredCharge): TieredPrice;
  priceOf(region: string, charge: CombinedCharge): CombinedPerGbPrice;
  priceOf(region: string, charge: ChargeName): SinglePrice;
  priceOf(region: string, charge: ChargeName | CombinedCharge): Price;
  priceOf(region: string, charge: ChargeName | CombinedCharge): Price {
    if (isCombined(charge)) {
      const parts = COMBINED_CHARGES[charge].map(({ charge: part, label }) => ({
        label,
        price: this.priceOf(region, part),
      }));
      const usdPerGb = parts.reduce((sum, part) => sum + part.price.usdPerGb, 0);
      return { charge, unit: "GB", region, usdPerGb, parts };
    }
    const own = this.data.regions[region];
    const listedRegion = own ?? this.data.regions[FALLBACK_REGION];
    if (!listedRegion) throw new Error(`aws-network-prices.json lacks ${FALLBACK_REGION}`);
    const listed = listedRegion.charges;
    const pricedAs = own ? (own.assumedFrom ?? region) : FALLBACK_REGION;
    const assumption = !own
      ? `flowlens has no prices for ${region}; ${FALLBACK_REGION} list prices are used`
      : own.assumed
        ? `the ${region} figures are ${pricedAs}'s, not checked for ${region}`
        : null;
    const basis: PriceBasis = {
      region,
      pricedAs,
      source: listed[charge].source,
      asOf: listedRegion.asOf,
      overridden: false,
      assumed: assumption !== null,
      assumption,
    };
    const fromConfig: PriceBasis = {
      region,
      pricedAs: region,
      source: `config: prices.${region}.${charge}`,
      asOf: null,
      overridden: true,
      assumed: false,
      assumption: null,
    };
    const overrides = this.overrides[region] ?? {};
    if (charge === "internetEgress") {
      const egress = overrides.internetEgress;
      const tiers = egress?.tiers ?? listed.internetEgress.tiers;
      // Partly overridden egress keeps the listed part, and so stays as assumed as that part was.
      const partly = egress && (!egress.tiers || egress.freeGbPerMonth === undefined);
      return {
        ...(egress ? fromConfig : basis),
        ...(partly ? { assumed: basis.assumed, assumption: basis.assumption } : {}),
        charge,
        unit: "GB",
        usdPerGb: tiers[0]?.usdPerGb ?? 0,
        freeGbPerMonth: egress?.freeGbPerMonth ?? listed.internetEgress.freeGbPerMonth,
        tiers,
      };
    }
    const value = overrides[charge];
    const origin = value === undefined ? basis : fromConfig;
    if (isHourly(charge)) {
      return { ...origin, charge, unit: "hour", usdPerHour: value ?? listed[charge].usdPerHour };
    }
    return { ...origin, charge, unit: "GB", usdPerGb: value ?? listed[charge].usdPerGb };
  }
}

/**
 * The price table: shipped list prices with the config's overrides. Throws FLOWLENS_CONFIG_INVALID on an
 * override that does not validate.
 */
export function loadPrices(options: LoadPricesOptions = {}): PriceTable {
  return new PriceTable(listPrices(), parsePriceOverrides(options.overrides));
}
