import { describe, expect, it } from "vitest";
import { classifyAddress } from "../../src/enrich/address-class.js";
import { type IpPrefix, parseCidr } from "../../src/enrich/aws-ip-ranges/ip-address.js";
import { snapshotIndex } from "./aws-ip-ranges-snapshot.js";

const ranges = snapshotIndex();

describe("classifyAddress with the AWS IP ranges of 2026-08-22", () => {
  it.each([
    ["52.216.8.1", "S3", "us-east-1", "52.216.0.0/15"],
    ["3.218.180.5", "DYNAMODB", "us-east-1", "3.218.180.0/22"],
    ["18.232.0.1", "EC2", "us-east-1", "18.232.0.0/14"],
    ["3.5.0.1", "S3", "us-east-1", "3.5.0.0/19"],
    ["13.32.0.1", "CLOUDFRONT", "GLOBAL", "13.32.0.0/15"],
    ["54.239.28.85", "AMAZON", "us-east-1", "54.239.16.0/20"],
    ["2600:1f18:1738:ca00::1", "EFS", "us-east-1", "2600:1f18:1738:ca00::/56"],
    ["2600:1f18:4000::1", "EC2", "us-east-1", "2600:1f18::/33"],
    ["2a05:d018::1", "EC2", "eu-west-1", "2a05:d018::/35"],
    ["::ffff:52.216.8.1", "S3", "us-east-1", "52.216.0.0/15"],
  ])("%s is AWS %s in %s (%s)", (address, awsService, awsRegion, awsPrefix) => {
    expect(classifyAddress(address, ranges)).toMatchObject({
      addressClass: "aws",
      awsService,
      awsRegion,
      awsPrefix,
      privateRange: null,
    });
  });

  it.each([
    ["8.8.8.8", 4],
    ["1.1.1.1", 4],
    ["172.32.0.1", 4],
    ["2001:db8::1", 6],
  ])("%s is internet", (address, ipVersion) => {
    expect(classifyAddress(address, ranges)).toEqual({
      ipVersion,
      addressClass: "internet",
      privateRange: null,
      awsService: null,
      awsRegion: null,
      awsPrefix: null,
    });
  });

  it.each([
    ["10.0.0.1", "rfc1918", 4],
    ["172.16.5.4", "rfc1918", 4],
    ["172.31.255.255", "rfc1918", 4],
    ["192.168.1.1", "rfc1918", 4],
    ["100.64.0.1", "cgnat", 4],
    ["100.127.255.254", "cgnat", 4],
    ["169.254.169.254", "link-local", 4],
    ["127.0.0.1", "loopback", 4],
    ["::1", "loopback", 6],
    ["fd00::1", "ula", 6],
    ["fc00::1", "ula", 6],
    ["fe80::1", "ipv6-link-local", 6],
    ["::ffff:10.0.0.1", "rfc1918", 6],
  ])("%s is private (%s)", (address, privateRange, ipVersion) => {
    expect(classifyAddress(address, ranges)).toEqual({
      ipVersion,
      addressClass: "private",
      privateRange,
      awsService: null,
      awsRegion: null,
      awsPrefix: null,
    });
  });

  it.each(["not-an-ip", "fe80::1%eth0", "10.0.0.256", ""])("%j is invalid", (address) => {
    expect(classifyAddress(address, ranges)).toEqual({
      ipVersion: null,
      addressClass: "invalid",
      privateRange: null,
      awsService: null,
      awsRegion: null,
      awsPrefix: null,
    });
  });
});

describe("classifyAddress without AWS IP ranges", () => {
  it("calls a public address public, since AWS and internet cannot be told apart", () => {
    expect(classifyAddress("52.216.8.1")).toMatchObject({ addressClass: "public", awsService: null });
    expect(classifyAddress("2001:db8::1")).toMatchObject({ addressClass: "public", ipVersion: 6 });
  });

  it("still recognises private addresses", () => {
    expect(classifyAddress("10.0.0.1")).toMatchObject({ addressClass: "private", privateRange: "rfc1918" });
  });
});

describe("classifyAddress with the estate's VPC CIDR blocks", () => {
  // A VPC with 10.0.0.0/16 and an Amazon-provided IPv6 block, which lies inside AWS's EC2 range 2600:1f18::/33.
  const vpcBlocks = ["10.0.0.0/16", "2600:1f18:6c2:5e00::/56"].map((cidr) => parseCidr(cidr) as IpPrefix);

  it("an address in the VPC's IPv6 block is the VPC's own, not AWS EC2", () => {
    expect(classifyAddress("2600:1f18:6c2:5e01::30", ranges)).toMatchObject({
      addressClass: "aws",
      awsService: "EC2",
    });
    expect(classifyAddress("2600:1f18:6c2:5e01::30", ranges, vpcBlocks)).toEqual({
      ipVersion: 6,
      addressClass: "private",
      privateRange: "vpc",
      awsService: null,
      awsRegion: null,
      awsPrefix: null,
    });
  });

  it("an address in the VPC's IPv4 block is the VPC's own", () => {
    expect(classifyAddress("10.0.1.30", ranges, vpcBlocks)).toMatchObject({
      addressClass: "private",
      privateRange: "vpc",
    });
  });

  it("an IPv4-mapped IPv6 address is the VPC's own when its IPv4 address is", () => {
    expect(classifyAddress("::ffff:10.0.1.30", ranges, vpcBlocks)).toMatchObject({
      ipVersion: 6,
      privateRange: "vpc",
    });
  });

  it("an EC2 address outside the VPC's blocks stays AWS EC2", () => {
    expect(classifyAddress("2600:1f18:4000::1", ranges, vpcBlocks)).toMatchObject({
      addressClass: "aws",
      awsService: "EC2",
    });
  });

  it("a private address outside the VPC's blocks keeps its private range", () => {
    expect(classifyAddress("10.1.0.5", ranges, vpcBlocks)).toMatchObject({ privateRange: "rfc1918" });
  });
});
