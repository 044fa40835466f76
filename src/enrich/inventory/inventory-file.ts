/**
 * flowlens's inventory file format: one JSON document describing accounts in one region (their AZ name →
 * AZ ID maps), VPCs, subnets, route tables, network interfaces, NAT gateways and VPC endpoints. It is what
 * `flowlens demo` writes as `inventory.json`, and what a team can produce from its own tooling. The
 * format is documented field by field in README.md beside this file.
 *
 * INVENTORY_FILE_SCHEMA checks each value's shape; the references between sections (a subnet's VPC, an
 * ENI's subnet, an AZ name that the owner account maps to a different AZ ID) are checked after it, so
 * every problem is reported with its JSON path.
 */
import { z } from "zod";
import { FlowlensError } from "../../errors.js";
import { ENI_KINDS } from "./eni-kind.js";
import { jsonPath, referenceProblems } from "./inventory-file-references.js";

const accountId = z.string().regex(/^\d{12}$/, { error: "expected a 12-digit AWS account ID" });
const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "expected an AWS region like us-east-1" });
const azName = z
  .string()
  .regex(/^[a-z]{2}(-[a-z0-9]+)+[a-z]$/, { error: "expected an AZ name like us-east-1a" });
const azId = z.string().regex(/^[a-z]+\d+(-[a-z]+\d+)?-az\d+$/, { error: "expected an AZ ID like use1-az1" });
const cidr = z.cidrv4({ error: "expected an IPv4 CIDR block like 10.0.0.0/16" });
const ipv6Cidr = z.cidrv6({ error: "expected an IPv6 CIDR block like 2600:1f18:6c2:5e00::/56" });
const ipv4 = z.ipv4({ error: "expected an IPv4 address like 10.0.0.12" });
const ip = z.union([ipv4, z.ipv6()], { error: "expected an IPv4 or IPv6 address" });
/** When a resource or route came to be: ISO 8601 with a zone, e.g. 2026-11-20T09:30:00Z. */
const createdAt = z.iso.datetime({
  offset: true,
  error: "expected a time in ISO 8601 with its zone, like 2026-11-20T09:30:00Z",
});

function resourceId(prefix: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}-[0-9a-f]+$`), { error: `expected an ID like ${prefix}-0123456789abcdef0` });
}
const vpcId = resourceId("vpc");
const subnetId = resourceId("subnet");
const routeTableId = resourceId("rtb");
const eniId = resourceId("eni");

const account = z.strictObject({
  id: accountId,
  name: z.string().optional(),
  azIds: z.record(azName, azId),
});

const vpc = z.strictObject({
  id: vpcId,
  cidr,
  ipv6Cidr: ipv6Cidr.nullish(),
  ownerAccount: accountId,
});

const internetGateway = z.strictObject({ id: resourceId("igw"), vpc: vpcId });

const subnet = z.strictObject({
  id: subnetId,
  name: z.string().optional(),
  vpc: vpcId,
  ownerAccount: accountId,
  sharedWith: z.array(accountId).optional(),
  cidr,
  ipv6Cidr: ipv6Cidr.nullish(),
  azName,
  azId,
  public: z.boolean(),
  routeTable: routeTableId.nullish(),
  usesS3GatewayEndpoint: z.boolean().optional(),
});

const routeTable = z.strictObject({
  id: routeTableId,
  vpc: vpcId,
  subnets: z.array(subnetId).optional(),
  routes: z.array(
    z.strictObject({
      destination: z.string().min(1),
      target: z.string().min(1),
      createdAt: createdAt.optional(),
    }),
  ),
  usesS3GatewayEndpoint: z.boolean().optional(),
});

const networkInterface = z.strictObject({
  id: eniId,
  name: z.string().optional(),
  ownerAccount: accountId,
  vpc: vpcId,
  subnet: subnetId,
  azId: azId.optional(),
  privateIps: z.array(ip),
  publicIp: ipv4.nullish(),
  kind: z.enum(ENI_KINDS, { error: `expected one of ${ENI_KINDS.join(", ")}` }),
  resourceId: z.string().nullish(),
  instanceId: resourceId("i").nullish(),
  description: z.string().nullish(),
});

const natGateway = z.strictObject({
  id: resourceId("nat"),
  vpc: vpcId,
  subnet: subnetId,
  azId: azId.optional(),
  networkInterface: eniId,
  privateIp: ipv4,
  publicIp: ipv4.nullish(),
  createdAt: createdAt.optional(),
});

export const VPC_ENDPOINT_TYPES = ["Gateway", "Interface", "GatewayLoadBalancer"] as const;

const vpcEndpoint = z.strictObject({
  id: resourceId("vpce"),
  vpc: vpcId,
  ownerAccount: accountId.optional(),
  type: z.enum(VPC_ENDPOINT_TYPES, { error: `expected one of ${VPC_ENDPOINT_TYPES.join(", ")}` }),
  service: z.string().min(1),
  routeTables: z.array(routeTableId).optional(),
  subnets: z.array(subnetId).optional(),
  networkInterfaces: z.array(eniId).optional(),
  createdAt: createdAt.optional(),
});

const loadBalancer = z.strictObject({
  id: z.string().min(1),
  type: z.string().optional(),
  scheme: z.string().optional(),
  networkInterfaces: z.array(eniId).optional(),
});

// Flow log settings are documentation for readers; flowlens reads the logs' own headers instead.
const flowLog = z.looseObject({ id: z.string().min(1), account: accountId.optional() });

export const INVENTORY_FILE_SCHEMA = z.strictObject({
  region,
  accounts: z.array(account).min(1, { error: "expected at least one account" }),
  vpcs: z.array(vpc),
  internetGateways: z.array(internetGateway).default([]),
  subnets: z.array(subnet),
  routeTables: z.array(routeTable).default([]),
  networkInterfaces: z.array(networkInterface),
  natGateways: z.array(natGateway).default([]),
  vpcEndpoints: z.array(vpcEndpoint).default([]),
  loadBalancers: z.array(loadBalancer).default([]),
  flowLogs: z.array(flowLog).default([]),
});

export type InventoryFile = z.infer<typeof INVENTORY_FILE_SCHEMA>;

/** At most this many problems are listed in one error. */
const MAX_PROBLEMS = 8;

const FORMAT_HINT = "fix the file; `flowlens inventory import --help` describes the format";

/**
 * Parses and validates an inventory file's text.
 * @param path named in error messages
 * @throws FlowlensError FLOWLENS_INVENTORY_INVALID naming the JSON path and what was expected
 */
export function parseInventoryFile(text: string, path: string): InventoryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FlowlensError(
      "FLOWLENS_INVENTORY_INVALID",
      `inventory file ${path} is not JSON: ${(error as Error).message}`,
      { hint: FORMAT_HINT },
    );
  }
  const result = INVENTORY_FILE_SCHEMA.safeParse(json);
  const problems = result.success
    ? referenceProblems(result.data)
    : result.error.issues.map((issue) => describeIssue(issue, json));
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_PROBLEMS);
    const more = problems.length - listed.length;
    throw new FlowlensError(
      "FLOWLENS_INVENTORY_INVALID",
      `inventory file ${path} is not valid: ${listed.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
      { hint: FORMAT_HINT },
    );
  }
  return result.data as InventoryFile;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const value = valueAt(json, issue.path);
  const where = jsonPath(issue.path);
  switch (issue.code) {
    case "invalid_type":
      return value === undefined
        ? `${where}: missing, expected ${issue.expected}`
        : `${where}: expected ${issue.expected}, got ${JSON.stringify(value)}`;
    case "unrecognized_keys":
      return `${where}: unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_format":
    case "invalid_value":
    case "invalid_union":
      return `${where}: ${issue.message}, got ${JSON.stringify(value)}`;
    default:
      return `${where}: ${issue.message}`;
  }
}
