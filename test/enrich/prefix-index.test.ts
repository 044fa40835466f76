import { describe, expect, it } from "vitest";
import { classifyAddress } from "../../src/enrich/address-class.js";
import { parseIpAddress } from "../../src/enrich/aws-ip-ranges/ip-address.js";
import { type AwsPrefix, AwsPrefixIndex } from "../../src/enrich/aws-ip-ranges/prefix-index.js";
import { snapshotIndex } from "./aws-ip-ranges-snapshot.js";

const entry = (prefix: string, service: string, region = "us-east-1"): AwsPrefix => ({
  prefix,
  service,
  region,
});

/** The service the index picks for an address, with the entries in both orders (order must not matter). */
function serviceFor(address: string, entries: AwsPrefix[]): string | undefined {
  const ip = parseIpAddress(address);
  if (!ip) throw new Error(`test address ${address} does not parse`);
  const forward = AwsPrefixIndex.build(entries).lookup(ip)?.service;
  const backward = AwsPrefixIndex.build([...entries].reverse()).lookup(ip)?.service;
  expect(backward).toBe(forward);
  return forward;
}

describe("AwsPrefixIndex: which entry wins", () => {
  it("a prefix listed as both AMAZON and S3 is S3", () => {
    expect(serviceFor("52.216.8.1", [entry("52.216.0.0/15", "AMAZON"), entry("52.216.0.0/15", "S3")])).toBe(
      "S3",
    );
  });

  it("a specific service beats a longer AMAZON prefix", () => {
    expect(serviceFor("52.216.8.1", [entry("52.216.8.0/24", "AMAZON"), entry("52.216.0.0/15", "S3")])).toBe(
      "S3",
    );
  });

  it("among specific services the longest prefix wins", () => {
    expect(
      serviceFor("3.218.180.5", [entry("3.208.0.0/12", "EC2"), entry("3.218.180.0/22", "DYNAMODB")]),
    ).toBe("DYNAMODB");
  });

  it("on one prefix listed for EC2 and another service, the other service wins", () => {
    expect(serviceFor("3.5.0.1", [entry("3.5.0.0/19", "EC2"), entry("3.5.0.0/19", "S3")])).toBe("S3");
  });

  it("only AMAZON entries: the longest AMAZON prefix", () => {
    const entries = [entry("54.239.0.0/16", "AMAZON", "GLOBAL"), entry("54.239.16.0/20", "AMAZON")];
    const ip = parseIpAddress("54.239.28.85");
    expect(ip && AwsPrefixIndex.build(entries).lookup(ip)?.prefix).toBe("54.239.16.0/20");
  });

  it("matches IPv6 prefixes of any length, /128 included", () => {
    const entries = [entry("2600:1f18::/33", "EC2"), entry("2600:1f18::5/128", "ROUTE53")];
    expect(serviceFor("2600:1f18::5", entries)).toBe("ROUTE53");
    expect(serviceFor("2600:1f18::6", entries)).toBe("EC2");
    expect(serviceFor("2600:1f19::6", entries)).toBeUndefined();
  });

  it("keeps IPv4 and IPv6 apart", () => {
    expect(serviceFor("0.0.0.1", [entry("::/0", "AMAZON")])).toBeUndefined();
  });

  it("refuses an entry that is not a CIDR prefix", () => {
    expect(() => AwsPrefixIndex.build([entry("52.216.0.0", "S3")])).toThrow(
      'not a CIDR prefix: "52.216.0.0"',
    );
  });
});

describe("classifying many addresses", () => {
  it("classifies 100,000 distinct addresses against every snapshot prefix", () => {
    // A sanity check that the index copes with volume, not a timing assertion.
    const ranges = snapshotIndex();
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const address =
        i % 2 === 0
          ? `${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}.${(i * 7) & 255}`
          : `2600:1f${(i % 256).toString(16).padStart(2, "0")}:${(i & 0xffff).toString(16)}::1`;
      const { addressClass } = classifyAddress(address, ranges);
      counts.set(addressClass, (counts.get(addressClass) ?? 0) + 1);
    }
    expect(counts.get("invalid")).toBeUndefined();
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(counts.get("aws")).toBeGreaterThan(0);
    expect(counts.get("internet")).toBeGreaterThan(0);
  });
});
