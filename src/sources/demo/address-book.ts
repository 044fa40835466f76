/**
 * The addresses outside the VPC that demo traffic talks to: AWS service addresses taken from prefixes
 * that AWS's ip-ranges.json lists for us-east-1 (snapshot of 2026-08-22), and internet addresses from
 * blocks that are in none of AWS's ranges. Drawn once per seed.
 */
import type { Random } from "./random.js";

/** The pkt-*-aws-service value of an address class; `-` outside AWS. */
export type AwsService = "S3" | "DYNAMODB" | "AMAZON" | "EC2" | "-";

const S3_PREFIXES = ["52.216.0.0/15", "54.231.0.0/16"];
const DYNAMODB_PREFIXES = ["52.94.0.0/22", "3.218.180.0/22"];
/** Listed only as AMAZON (AWS APIs such as STS and SSM), no more specific service. */
const AMAZON_PREFIXES = ["52.94.244.0/22", "52.46.252.0/22"];
/** EC2 addresses: a partner's service hosted on EC2. */
const EC2_PREFIXES = ["52.4.0.0/14", "54.156.0.0/14"];
const CLIENT_V4_PREFIXES = [
  "73.15.0.0/16",
  "98.207.0.0/16",
  "24.6.0.0/16",
  "81.2.0.0/16",
  "86.150.0.0/16",
  "90.84.0.0/16",
  "187.35.0.0/16",
  "201.17.0.0/16",
  "110.44.0.0/16",
  "182.70.0.0/16",
];
/** The first 48 bits of residential IPv6 networks (none in AWS's ranges). */
const CLIENT_V6_PREFIXES = ["2601:644:8e00", "2a02:8108:1a40", "2a01:cb00:84c", "2003:e0:5f1f"];
const THIRD_PARTY_PREFIXES = ["151.101.0.0/16", "140.82.112.0/20", "104.16.0.0/16"];
const PROBER_PREFIXES = [
  "45.95.0.0/16",
  "193.32.0.0/16",
  "162.142.125.0/24",
  "167.94.138.0/24",
  "80.82.77.0/24",
];

export interface AddressBook {
  readonly s3: readonly string[];
  readonly dynamodb: readonly string[];
  readonly amazon: readonly string[];
  readonly ec2: readonly string[];
  readonly clientsV4: readonly string[];
  readonly clientsV6: readonly string[];
  readonly thirdParty: readonly string[];
  /** Sources of SSH/RDP probes. */
  readonly probers: readonly string[];
  readonly scanner: string;
  /** The office address allowed to SSH to the bastion. */
  readonly office: string;
  /** Where the one unusually large upload goes. */
  readonly bulkDestination: string;
  /** An IPv6 package mirror the bastion downloads from. */
  readonly ipv6Mirror: string;
}

function ipv4In(prefix: string, random: Random): string {
  const [base = "", bits = "32"] = prefix.split("/");
  const octets = base.split(".").map(Number);
  const baseValue =
    (((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) >>> 0;
  const hostBits = 32 - Number(bits);
  const host = hostBits === 0 ? 0 : random.int(1, 2 ** hostBits - 2);
  const value = (baseValue + host) >>> 0;
  const last = value & 255;
  const adjusted = last === 0 || last === 255 ? value ^ 1 : value;
  return [adjusted >>> 24, (adjusted >>> 16) & 255, (adjusted >>> 8) & 255, adjusted & 255].join(".");
}

function hextet(random: Random): string {
  return random.int(1, 0xffff).toString(16);
}

function ipv6In(prefix48: string, random: Random): string {
  return `${prefix48}:${hextet(random)}:${hextet(random)}:${hextet(random)}:${hextet(random)}:${hextet(random)}`;
}

function distinct(count: number, draw: () => string): string[] {
  const seen = new Set<string>();
  for (let tries = 0; seen.size < count && tries < count * 10; tries++) seen.add(draw());
  return [...seen];
}

function pool(prefixes: readonly string[], count: number, random: Random): string[] {
  return distinct(count, () => ipv4In(random.pick(prefixes), random));
}

/** Draws the seed's outside addresses. */
export function buildAddressBook(random: Random): AddressBook {
  return {
    s3: pool(S3_PREFIXES, 96, random),
    dynamodb: pool(DYNAMODB_PREFIXES, 24, random),
    amazon: pool(AMAZON_PREFIXES, 16, random),
    ec2: pool(EC2_PREFIXES, 6, random),
    clientsV4: pool(CLIENT_V4_PREFIXES, 4000, random),
    clientsV6: distinct(600, () => ipv6In(random.pick(CLIENT_V6_PREFIXES), random)),
    thirdParty: pool(THIRD_PARTY_PREFIXES, 12, random),
    probers: pool(PROBER_PREFIXES, 40, random),
    scanner: ipv4In("89.248.160.0/19", random),
    office: ipv4In("81.2.69.0/24", random),
    bulkDestination: ipv4In("176.9.0.0/16", random),
    ipv6Mirror: ipv6In("2a04:4e42:200", random),
  };
}
