import { describe, expect, it } from "vitest";
import { CHARGE_NAMES } from "../../src/pricing/charges.js";
import { describeRate } from "../../src/pricing/money.js";
import { listPrices } from "../../src/pricing/price-data.js";
import { loadPrices } from "../../src/pricing/price-table.js";

const VPC_PRICING = "https://aws.amazon.com/vpc/pricing/";
const EC2_DATA_TRANSFER = "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer";

describe("the shipped list prices", () => {
  it("cover us-east-1, us-east-2, us-west-2, eu-west-1 and eu-central-1", () => {
    expect(loadPrices().regions).toEqual(
      expect.arrayContaining(["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1"]),
    );
  });

  it.each(Object.keys(listPrices().regions))(
    "%s prices every charge, with a source page and a date",
    (region) => {
      const prices = loadPrices();
      for (const charge of CHARGE_NAMES) {
        const price = prices.priceOf(region, charge);
        expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
        expect(price.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(price.overridden).toBe(false);
      }
    },
  );

  it("us-east-1 has the published figures", () => {
    const prices = loadPrices();
    const perGb = (charge: Parameters<typeof prices.priceOf>[1]) => {
      const price = prices.priceOf("us-east-1", charge);
      return price.unit === "GB" ? price.usdPerGb : price.usdPerHour;
    };
    expect({
      natGatewayProcessing: perGb("natGatewayProcessing"),
      natGatewayHour: perGb("natGatewayHour"),
      crossAzOut: perGb("crossAzOut"),
      crossAzIn: perGb("crossAzIn"),
      interfaceEndpointProcessing: perGb("interfaceEndpointProcessing"),
      interRegion: perGb("interRegion"),
      transitGatewayProcessing: perGb("transitGatewayProcessing"),
      publicIpv4Hour: perGb("publicIpv4Hour"),
    }).toEqual({
      natGatewayProcessing: 0.045,
      natGatewayHour: 0.045,
      crossAzOut: 0.01,
      crossAzIn: 0.01,
      interfaceEndpointProcessing: 0.01,
      interRegion: 0.02,
      transitGatewayProcessing: 0.02,
      publicIpv4Hour: 0.005,
    });
    expect(prices.priceOf("us-east-1", "internetEgress")).toMatchObject({
      usdPerGb: 0.09,
      freeGbPerMonth: 100,
      tiers: [
        { upToGb: 10_240, usdPerGb: 0.09 },
        { upToGb: 51_200, usdPerGb: 0.085 },
        { upToGb: 153_600, usdPerGb: 0.07 },
        { upToGb: null, usdPerGb: 0.05 },
      ],
      source: EC2_DATA_TRANSFER,
    });
  });

  it("names the page each price comes from", () => {
    const prices = loadPrices();
    expect(prices.priceOf("us-east-1", "natGatewayProcessing").source).toBe(VPC_PRICING);
    expect(prices.priceOf("us-east-1", "crossAzOut").source).toBe(EC2_DATA_TRANSFER);
    expect(prices.priceOf("us-east-1", "crossAzIn").source).toBe(EC2_DATA_TRANSFER);
  });

  it("a byte that crosses AZs in us-east-1 costs $0.02/GB, out of one AZ and into the other", () => {
    const price = loadPrices().priceOf("us-east-1", "crossAz");
    expect(price.usdPerGb).toBe(0.02);
    expect(price.parts.map((part) => [part.label, part.price.charge, part.price.usdPerGb])).toEqual([
      ["out", "crossAzOut", 0.01],
      ["in", "crossAzIn", 0.01],
    ]);
  });

  it("a region with checked figures is not assumed", () => {
    expect(loadPrices().priceOf("us-east-1", "natGatewayProcessing")).toMatchObject({
      region: "us-east-1",
      pricedAs: "us-east-1",
      overridden: false,
      assumed: false,
      assumption: null,
    });
  });

  it("a region whose figures are copied says so", () => {
    const price = loadPrices().priceOf("eu-west-1", "natGatewayProcessing");
    expect(price).toMatchObject({ pricedAs: "us-east-1", assumed: true });
    expect(price.assumption).toBe("the eu-west-1 figures are us-east-1's, not checked for eu-west-1");
    expect(describeRate(price)).toMatch(
      /^\$0\.045\/GB, us-east-1 list price as of \d{4}-\d{2}-\d{2}, assumed for eu-west-1$/,
    );
  });
});

describe("a region the data file lacks", () => {
  it("falls back to us-east-1 and says so", () => {
    const price = loadPrices().priceOf("ap-south-1", "natGatewayProcessing");
    expect(price).toMatchObject({
      region: "ap-south-1",
      pricedAs: "us-east-1",
      usdPerGb: 0.045,
      assumed: true,
    });
    expect(price.assumption).toBe("flowlens has no prices for ap-south-1; us-east-1 list prices are used");
    expect(describeRate(price)).toMatch(/, assumed for ap-south-1$/);
  });
});

describe("overrides from the config", () => {
  it("win over the list price and are flagged", () => {
    const prices = loadPrices({
      overrides: { "us-east-1": { natGatewayProcessing: 0.04, natGatewayHour: 0.03 } },
    });
    expect(prices.priceOf("us-east-1", "natGatewayProcessing")).toMatchObject({
      usdPerGb: 0.04,
      overridden: true,
      assumed: false,
      source: "config: prices.us-east-1.natGatewayProcessing",
      asOf: null,
    });
    expect(prices.priceOf("us-east-1", "natGatewayHour")).toMatchObject({
      usdPerHour: 0.03,
      overridden: true,
    });
    expect(describeRate(prices.priceOf("us-east-1", "natGatewayProcessing"))).toBe(
      "$0.04/GB, us-east-1 price from config",
    );
  });

  it("leave other charges and regions at their list prices", () => {
    const prices = loadPrices({ overrides: { "us-east-1": { natGatewayProcessing: 0.04 } } });
    expect(prices.priceOf("us-east-1", "crossAzOut")).toMatchObject({ usdPerGb: 0.01, overridden: false });
    expect(prices.priceOf("us-east-2", "natGatewayProcessing")).toMatchObject({
      usdPerGb: 0.045,
      overridden: false,
    });
  });

  it("price a region the data file lacks, charge by charge", () => {
    const prices = loadPrices({ overrides: { "ap-south-1": { natGatewayProcessing: 0.056 } } });
    expect(prices.priceOf("ap-south-1", "natGatewayProcessing")).toMatchObject({
      usdPerGb: 0.056,
      overridden: true,
      assumed: false,
    });
    expect(prices.priceOf("ap-south-1", "crossAzIn")).toMatchObject({ usdPerGb: 0.01, assumed: true });
  });

  it("price cross-AZ as the overridden side plus the listed other side", () => {
    const prices = loadPrices({ overrides: { "us-east-1": { crossAzIn: 0.005 } } });
    const price = prices.priceOf("us-east-1", "crossAz");
    expect(price.usdPerGb).toBeCloseTo(0.015, 12);
    expect(price.parts.map((part) => [part.price.usdPerGb, part.price.overridden])).toEqual([
      [0.01, false],
      [0.005, true],
    ]);
  });

  it("replace internet egress tiers", () => {
    const tiers = [{ upToGb: null, usdPerGb: 0.06 }];
    const prices = loadPrices({
      overrides: { "us-east-1": { internetEgress: { freeGbPerMonth: 0, tiers } } },
    });
    expect(prices.priceOf("us-east-1", "internetEgress")).toMatchObject({
      usdPerGb: 0.06,
      freeGbPerMonth: 0,
      tiers,
      overridden: true,
    });
  });

  it("may change only the free volume of internet egress", () => {
    const prices = loadPrices({ overrides: { "us-east-1": { internetEgress: { freeGbPerMonth: 0 } } } });
    expect(prices.priceOf("us-east-1", "internetEgress")).toMatchObject({
      usdPerGb: 0.09,
      freeGbPerMonth: 0,
      overridden: true,
    });
  });
});
