import { describe, expect, it } from "vitest";
import {
  BYTES_PER_GB,
  costOf,
  costOfHours,
  describeRate,
  formatRate,
  formatUsd,
} from "../../src/pricing/money.js";
import { loadPrices } from "../../src/pricing/price-table.js";

const prices = loadPrices();
const GiB = 2 ** 30;

describe("costOf", () => {
  it("GB means 2^30 bytes", () => {
    expect(BYTES_PER_GB).toBe(1_073_741_824);
    expect(costOf(GiB, prices.priceOf("us-east-1", "natGatewayProcessing")).gb).toBe(1);
  });

  it("2^30 bytes through a NAT gateway cost $0.045", () => {
    const cost = costOf(GiB, prices.priceOf("us-east-1", "natGatewayProcessing"));
    expect(cost.usd).toBeCloseTo(0.045, 12);
    expect(cost.rate).toMatchObject({ charge: "natGatewayProcessing", usdPerGb: 0.045 });
  });

  it("10 GB that cross AZs cost $0.20: $0.01/GB out of one AZ and $0.01/GB into the other", () => {
    const cost = costOf(10 * GiB, prices.priceOf("us-east-1", "crossAz"));
    expect(cost.usd).toBeCloseTo(0.2, 12);
    expect(formatUsd(cost.usd)).toBe("$0.20");
  });

  it("1 TiB through a NAT gateway costs $46.08", () => {
    expect(formatUsd(costOf(1024 * GiB, prices.priceOf("us-east-1", "natGatewayProcessing")).usd)).toBe(
      "$46.08",
    );
  });

  it("takes byte counts beyond 2^53 as BigInt", () => {
    const cost = costOf(2n ** 60n, prices.priceOf("us-east-1", "transitGatewayProcessing"));
    expect(cost.gb).toBe(2 ** 30);
    expect(formatUsd(cost.usd)).toBe("$21,474,836.48");
  });
});

describe("costOfHours", () => {
  it("a NAT gateway for a 30-day month costs $32.40", () => {
    expect(formatUsd(costOfHours(720, prices.priceOf("us-east-1", "natGatewayHour")).usd)).toBe("$32.40");
  });
});

describe("formatUsd", () => {
  it.each([
    [1234.56, "$1,234.56"],
    [1234.555, "$1,234.56"],
    [0.045, "$0.05"],
    [0.004, "$0.00"],
    [0, "$0.00"],
    [-1, "-$1.00"],
    [-0.001, "$0.00"],
    [1_000_000, "$1,000,000.00"],
  ])("%d → %s", (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

describe("describeRate", () => {
  it("gives the rate, the region and the date of the list price", () => {
    const price = prices.priceOf("us-east-1", "natGatewayProcessing");
    expect(describeRate(price)).toBe(`$0.045/GB, us-east-1 list price as of ${price.asOf}`);
  });

  it("names both cross-AZ charges, out and in, and where they come from", () => {
    const price = prices.priceOf("us-east-1", "crossAz");
    const asOf = price.parts[0]?.price.asOf;
    expect(describeRate(price)).toBe(`$0.01/GB out + $0.01/GB in, us-east-1 list price as of ${asOf}`);
  });

  it("names each cross-AZ charge's origin when only one of them is overridden", () => {
    const overridden = loadPrices({ overrides: { "us-east-1": { crossAzOut: 0.02 } } });
    const price = overridden.priceOf("us-east-1", "crossAz");
    const asOf = price.parts[1]?.price.asOf;
    expect(describeRate(price)).toBe(
      `$0.02/GB out (us-east-1 price from config) + $0.01/GB in (us-east-1 list price as of ${asOf})`,
    );
  });

  it("gives hourly rates per hour", () => {
    expect(formatRate(prices.priceOf("us-east-1", "publicIpv4Hour"))).toBe("$0.005/hour");
  });
});
