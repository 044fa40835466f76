/**
 * Describes one region's network estate through EC2's describe calls, following every page with the
 * SDK's paginators. Only read-only calls are made; the IAM actions needed are the `ec2:Describe*` ones
 * named in DESCRIBE_CALLS.
 */
import {
  type AvailabilityZone,
  DescribeAvailabilityZonesCommand,
  type EC2Client,
  type NatGateway,
  type NetworkInterface,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type RouteTable,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from "@aws-sdk/client-ec2";
import { type Ec2Call, ec2Failure } from "./ec2-failure.js";

/** What EC2 says about one region, as the SDK returns it. */
export interface Ec2Estate {
  readonly availabilityZones: readonly AvailabilityZone[];
  readonly vpcs: readonly Vpc[];
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
  readonly networkInterfaces: readonly NetworkInterface[];
  readonly natGateways: readonly NatGateway[];
  readonly vpcEndpoints: readonly VpcEndpoint[];
}

export const DESCRIBE_CALLS = {
  availabilityZones: { what: "availability zones", action: "DescribeAvailabilityZones" },
  vpcs: { what: "VPCs", action: "DescribeVpcs" },
  subnets: { what: "subnets", action: "DescribeSubnets" },
  routeTables: { what: "route tables", action: "DescribeRouteTables" },
  networkInterfaces: { what: "network interfaces", action: "DescribeNetworkInterfaces" },
  natGateways: { what: "NAT gateways", action: "DescribeNatGateways" },
  vpcEndpoints: { what: "VPC endpoints", action: "DescribeVpcEndpoints" },
} as const satisfies Record<keyof Ec2Estate, Ec2Call>;

/** The largest page each call allows (DescribeRouteTables stops at 100). */
const PAGE_SIZE = 1000;
const ROUTE_TABLE_PAGE_SIZE = 100;

async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

/**
 * @param client an EC2Client for `region`
 * @throws FlowlensError FLOWLENS_EC2_FAILED for the first call (in DESCRIBE_CALLS order) that failed
 */
export async function describeRegion(client: EC2Client, region: string): Promise<Ec2Estate> {
  const pages = { client, pageSize: PAGE_SIZE };
  const calls: { [K in keyof Ec2Estate]: () => Promise<Ec2Estate[K]> } = {
    availabilityZones: async () =>
      (await client.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones ?? [],
    vpcs: () => collect(paginateDescribeVpcs(pages, {}), (p) => p.Vpcs),
    subnets: () => collect(paginateDescribeSubnets(pages, {}), (p) => p.Subnets),
    routeTables: () =>
      collect(
        paginateDescribeRouteTables({ client, pageSize: ROUTE_TABLE_PAGE_SIZE }, {}),
        (p) => p.RouteTables,
      ),
    networkInterfaces: () =>
      collect(paginateDescribeNetworkInterfaces(pages, {}), (p) => p.NetworkInterfaces),
    natGateways: () => collect(paginateDescribeNatGateways(pages, {}), (p) => p.NatGateways),
    vpcEndpoints: () => collect(paginateDescribeVpcEndpoints(pages, {}), (p) => p.VpcEndpoints),
  };
  const names = Object.keys(calls) as (keyof Ec2Estate)[];
  const settled = await Promise.allSettled(names.map((name) => calls[name]()));
  const estate: Record<string, unknown> = {};
  for (const [i, name] of names.entries()) {
    const outcome = settled[i] as PromiseSettledResult<unknown>;
    if (outcome.status === "rejected") throw ec2Failure(outcome.reason, DESCRIBE_CALLS[name], region);
    estate[name] = outcome.value;
  }
  return estate as unknown as Ec2Estate;
}
