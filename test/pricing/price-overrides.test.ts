import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { FlowlensError } from "../../src/errors.js";
import { parsePriceOverrides } from "../../src/pricing/price-overrides.js";

function errorOf(overrides: unknown): FlowlensError {
  try {
    parsePriceOverrides(overrides);
  } catch (error) {
    if (error instanceof FlowlensError) return error;
    throw error;
  }
  throw new Error("expected parsePriceOverrides to throw");
}

describe("parsePriceOverrides", () => {
  it("accepts no overrides", () => {
    expect(parsePriceOverrides(undefined)).toEqual({});
    expect(parsePriceOverrides(null)).toEqual({});
  });

  it("names a price that is not a number, and the value given", () => {
    const error = errorOf({ "us-east-1": { natGatewayProcessing: "cheap" } });
    expect(error.code).toBe("FLOWLENS_CONFIG_INVALID");
    expect(error.message).toBe(
      'invalid price override prices.us-east-1.natGatewayProcessing: expected a price in USD per GB (a number), got "cheap"',
    );
    expect(error.hint).toBe(
      "per-GB and hourly charges take a number of USD from 0 to 100; internetEgress takes { freeGbPerMonth, tiers: [{ upToGb, usdPerGb }] }",
    );
  });

  it("names a negative hourly price", () => {
    expect(errorOf({ "us-east-1": { natGatewayHour: -1 } }).message).toBe(
      "invalid price override prices.us-east-1.natGatewayHour: expected a price in USD per hour from 0 to 100, got -1",
    );
  });

  it("refuses a price above $100 per GB, so no cost can overflow to $∞", () => {
    expect(errorOf({ "us-east-1": { crossAzOut: 1e308, crossAzIn: 100.01 } }).message).toBe(
      "invalid price override prices.us-east-1.crossAzOut: expected a price in USD per GB from 0 to 100, got 1e+308; prices.us-east-1.crossAzIn: expected a price in USD per GB from 0 to 100, got 100.01",
    );
  });

  it("accepts a price of exactly $100 per GB", () => {
    expect(parsePriceOverrides({ "us-east-1": { natGatewayHour: 100 } })).toEqual({
      "us-east-1": { natGatewayHour: 100 },
    });
  });

  it("refuses a free internet egress volume past 10^9 GB, and one that is negative", () => {
    expect(errorOf({ "us-east-1": { internetEgress: { freeGbPerMonth: -1 } } }).message).toBe(
      "invalid price override prices.us-east-1.internetEgress.freeGbPerMonth: expected the free volume a month in GB from 0 to 1000000000, got -1",
    );
    expect(errorOf({ "us-east-1": { internetEgress: { freeGbPerMonth: 1e10 } } }).message).toBe(
      "invalid price override prices.us-east-1.internetEgress.freeGbPerMonth: expected the free volume a month in GB from 0 to 1000000000, got 10000000000",
    );
  });

  it("names an unknown charge and lists the known ones", () => {
    expect(errorOf({ "us-east-1": { natGateway: 0.04 } }).message).toBe(
      'invalid price override prices.us-east-1: unknown charge "natGateway"; expected one of natGatewayProcessing, crossAzOut, crossAzIn, interfaceEndpointProcessing, interRegion, transitGatewayProcessing, natGatewayHour, publicIpv4Hour, internetEgress',
    );
  });

  it("accepts the two cross-AZ charges, out of the sending AZ and into the receiving one", () => {
    expect(parsePriceOverrides({ "us-east-1": { crossAzOut: 0.01, crossAzIn: 0.01 } })).toEqual({
      "us-east-1": { crossAzOut: 0.01, crossAzIn: 0.01 },
    });
  });

  it("refuses the retired single crossAz charge and names the two that replace it", () => {
    expect(errorOf({ "us-east-1": { crossAz: 0.01 } }).message).toBe(
      "invalid price override prices.us-east-1.crossAz: crossAz is now two charges, crossAzOut and crossAzIn (USD per GB each): AWS bills every byte that crosses AZs out of the sending AZ and into the receiving one",
    );
  });

  it("refuses the retired crossAz charge in the config's prices section with the same sentence", () => {
    const flags = { prices: { "us-east-1": { crossAz: 0.01 } } } as NonNullable<
      Parameters<typeof loadConfig>[0]
    >["flags"];
    expect(() => loadConfig({ env: {}, flags })).toThrow(
      "prices.us-east-1.crossAz: crossAz is now two charges, crossAzOut and crossAzIn (USD per GB each)",
    );
  });

  it("names a region that is not a region name", () => {
    expect(errorOf({ "US East": { crossAzOut: 0.01 } }).message).toBe(
      "invalid price override prices.US East: expected an AWS region code as the key, such as us-east-1 or ap-southeast-2 (two letters, words, a number, joined by dashes)",
    );
  });

  it("names internet egress tiers that do not rise", () => {
    const tiers = [
      { upToGb: 100, usdPerGb: 0.09 },
      { upToGb: 50, usdPerGb: 0.08 },
      { upToGb: null, usdPerGb: 0.05 },
    ];
    expect(errorOf({ "us-east-1": { internetEgress: { tiers } } }).message).toBe(
      "invalid price override prices.us-east-1.internetEgress.tiers: expected tiers whose upToGb rise, the last one with upToGb: null (no end)",
    );
  });

  it("names every problem at once", () => {
    expect(errorOf({ "us-east-1": { crossAzOut: "x", interRegion: -2 } }).message).toBe(
      'invalid price override prices.us-east-1.crossAzOut: expected a price in USD per GB (a number), got "x"; prices.us-east-1.interRegion: expected a price in USD per GB from 0 to 100, got -2',
    );
  });
});
