/**
 * What kind of address a flow's endpoint is: private (and which private range), AWS (which service,
 * region and prefix), the rest of the internet, or — when no AWS ranges are loaded — just public.
 * An address inside one of the estate's VPC CIDR blocks (from the inventory) is the estate's own —
 * private, range `vpc` — before anything else: a VPC's Amazon-provided IPv6 block lies inside AWS's EC2
 * ranges, and its instances and load balancers are not "AWS EC2" to the estate that owns them.
 * Pure: the AWS ranges come in as a prebuilt AwsPrefixIndex, so classifying many addresses stays fast.
 */
import {
  type IpAddress,
  type IpPrefix,
  mappedIpv4,
  parseCidr,
  parseIpAddress,
  prefixContains,
} from "./aws-ip-ranges/ip-address.js";
import type { AwsPrefix, AwsPrefixIndex } from "./aws-ip-ranges/prefix-index.js";

export type AddressClass = "private" | "aws" | "internet" | "public" | "invalid";
export type PrivateRange =
  | "vpc"
  | "rfc1918"
  | "cgnat"
  | "link-local"
  | "loopback"
  | "ula"
  | "ipv6-link-local";

export interface AddressClassification {
  /** The IP version of the text as written (an IPv4-mapped IPv6 address is 6); null when invalid. */
  readonly ipVersion: 4 | 6 | null;
  readonly addressClass: AddressClass;
  readonly privateRange: PrivateRange | null;
  readonly awsService: string | null;
  readonly awsRegion: string | null;
  /** The AWS prefix that matched, as AWS writes it. */
  readonly awsPrefix: string | null;
}

/** Addresses that never leave a network: private and special-use ranges, as data. */
const PRIVATE_RANGES: readonly { readonly cidr: string; readonly range: PrivateRange }[] = [
  { cidr: "10.0.0.0/8", range: "rfc1918" },
  { cidr: "172.16.0.0/12", range: "rfc1918" },
  { cidr: "192.168.0.0/16", range: "rfc1918" },
  { cidr: "100.64.0.0/10", range: "cgnat" },
  { cidr: "169.254.0.0/16", range: "link-local" },
  { cidr: "127.0.0.0/8", range: "loopback" },
  { cidr: "::1/128", range: "loopback" },
  { cidr: "fc00::/7", range: "ula" },
  { cidr: "fe80::/10", range: "ipv6-link-local" },
];

const PRIVATE_PREFIXES: readonly { readonly prefix: IpPrefix; readonly range: PrivateRange }[] =
  PRIVATE_RANGES.map(({ cidr, range }) => ({ prefix: parseCidr(cidr) as IpPrefix, range }));

function privateRangeOf(address: IpAddress): PrivateRange | null {
  return PRIVATE_PREFIXES.find(({ prefix }) => prefixContains(prefix, address))?.range ?? null;
}

const INVALID: AddressClassification = {
  ipVersion: null,
  addressClass: "invalid",
  privateRange: null,
  awsService: null,
  awsRegion: null,
  awsPrefix: null,
};

function classification(
  ipVersion: 4 | 6,
  addressClass: AddressClass,
  privateRange: PrivateRange | null = null,
  aws: AwsPrefix | null = null,
): AddressClassification {
  return {
    ipVersion,
    addressClass,
    privateRange,
    awsService: aws?.service ?? null,
    awsRegion: aws?.region ?? null,
    awsPrefix: aws?.prefix ?? null,
  };
}

/**
 * Classifies one address. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is classified by the IPv4
 * address inside it.
 *
 * @param ranges AWS's prefixes; without them a public address is `public` (AWS or internet cannot be told).
 * @param vpcBlocks the estate's VPC CIDR blocks, IPv4 and IPv6 (parseCidr); an address inside one is
 *   private with range `vpc`, whatever AWS's ranges say. @default none
 * @example classifyAddress("52.216.8.1", index) // { addressClass: "aws", awsService: "S3", awsRegion: "us-east-1", … }
 * @example classifyAddress("2600:1f18:6c2:5e01::30", index, [parseCidr("2600:1f18:6c2:5e00::/56")]) // { addressClass: "private", privateRange: "vpc", … }
 */
export function classifyAddress(
  address: string,
  ranges?: AwsPrefixIndex,
  vpcBlocks: readonly IpPrefix[] = [],
): AddressClassification {
  const parsed = parseIpAddress(address);
  if (!parsed) return INVALID;
  const effective = mappedIpv4(parsed) ?? parsed;
  if (vpcBlocks.some((block) => prefixContains(block, effective))) {
    return classification(parsed.version, "private", "vpc");
  }
  const privateRange = privateRangeOf(effective);
  if (privateRange) return classification(parsed.version, "private", privateRange);
  if (!ranges) return classification(parsed.version, "public");
  const match = ranges.lookup(effective);
  return match
    ? classification(parsed.version, "aws", null, match)
    : classification(parsed.version, "internet");
}
