/**
 * Maps what EC2 describes in one region into a snapshot of the calling account there.
 *
 * - The calling account is the owner of the resources only it can see (participants in a shared VPC
 *   cannot view the owner's): its route tables, else its VPC endpoints, else its ENIs. Subnets and VPCs
 *   shared with it through RAM carry their owner's ID, so they do not count.
 * - A subnet's route table is its explicit association, else its VPC's main route table; it is public
 *   when that table routes to an internet gateway (unknown when the table is not visible, as for a
 *   subnet shared with this account).
 * - An ENI's AZ ID is EC2's, else its subnet's, else the account's AZ name → AZ ID map's.
 * - Deleted and failed NAT gateways and VPC endpoints are left out; so are blackhole routes.
 */
import type { RouteTable } from "@aws-sdk/client-ec2";
import type { Ec2Estate } from "./describe-region.js";
import { eniKind, eniResourceId } from "./eni-kind.js";
import type { InventorySnapshot } from "./inventory-snapshot.js";
import type { InventoryRow } from "./inventory-tables.js";

export const EC2_SOURCE = "ec2-api";

const GONE = new Set(["deleted", "deleting", "failed", "rejected", "expired"]);

/** The account whose view `estate` is, or undefined when the region holds nothing that says. */
export function callerAccount(estate: Ec2Estate): string | undefined {
  // Not VPCs or subnets: a participant sees the VPCs and subnets shared with it, under the owner's ID.
  for (const items of [estate.routeTables, estate.vpcEndpoints, estate.networkInterfaces]) {
    const owners = items.map((item) => item.OwnerId).filter((id): id is string => Boolean(id));
    if (owners.length > 0) return mostCommon(owners);
  }
  return undefined;
}

export function inventoryFromEc2(estate: Ec2Estate, region: string, accountId: string): InventorySnapshot {
  const live = <T extends { State?: string | undefined }>(items: readonly T[]) =>
    items.filter((item) => !GONE.has((item.State ?? "").toLowerCase()));
  const natGatewaysLive = live(estate.natGateways);
  const endpointsLive = live(estate.vpcEndpoints);
  const zoneIdOf = new Map(estate.availabilityZones.map((z) => [z.ZoneName, z.ZoneId]));
  const subnetAzId = new Map(
    estate.subnets.map((s) => [s.SubnetId, s.AvailabilityZoneId ?? zoneIdOf.get(s.AvailabilityZone)]),
  );
  const eniOwner = new Map(estate.networkInterfaces.map((e) => [e.NetworkInterfaceId, e.OwnerId]));

  const azs: InventoryRow<"azs">[] = estate.availabilityZones.flatMap((z) =>
    z.ZoneName && z.ZoneId ? [{ accountId, region, zoneName: z.ZoneName, zoneId: z.ZoneId }] : [],
  );
  const vpcs: InventoryRow<"vpcs">[] = estate.vpcs.map((v) => ({
    vpcId: v.VpcId ?? "",
    accountId: v.OwnerId ?? accountId,
    region,
    cidrBlocks: distinct([
      v.CidrBlock,
      ...associated(
        v.CidrBlockAssociationSet,
        (a) => a.CidrBlock,
        (a) => a.CidrBlockState?.State,
      ),
      ...associated(
        v.Ipv6CidrBlockAssociationSet,
        (a) => a.Ipv6CidrBlock,
        (a) => a.Ipv6CidrBlockState?.State,
      ),
    ]),
  }));
  const routeTables: InventoryRow<"routeTables">[] = estate.routeTables.map((t) => {
    const routes = (t.Routes ?? []).filter((r) => r.State !== "blackhole");
    const endpoints = endpointsLive
      .filter((e) => e.VpcEndpointType === "Gateway" && e.RouteTableIds?.includes(t.RouteTableId ?? ""))
      .map((e) => e.VpcEndpointId);
    return {
      routeTableId: t.RouteTableId ?? "",
      vpcId: t.VpcId ?? "",
      accountId: t.OwnerId ?? accountId,
      region,
      gatewayEndpointIds: distinct([
        ...routes.map((r) => r.GatewayId).filter((id) => id?.startsWith("vpce-")),
        ...endpoints,
      ]),
      natGatewayIds: distinct(routes.map((r) => r.NatGatewayId)),
      hasInternetGateway: routes.some((r) => r.GatewayId?.startsWith("igw-")),
    };
  });
  const tableOfSubnet = subnetRouteTables(estate.routeTables);
  const tableIsPublic = new Map(routeTables.map((t) => [t.routeTableId, t.hasInternetGateway]));
  const subnets: InventoryRow<"subnets">[] = estate.subnets.map((s) => {
    const routeTableId = tableOfSubnet.explicit.get(s.SubnetId) ?? tableOfSubnet.main.get(s.VpcId) ?? null;
    return {
      subnetId: s.SubnetId ?? "",
      vpcId: s.VpcId ?? "",
      accountId: s.OwnerId ?? accountId,
      region,
      cidr: s.CidrBlock ?? null,
      ipv6Cidr:
        associated(
          s.Ipv6CidrBlockAssociationSet,
          (a) => a.Ipv6CidrBlock,
          (a) => a.Ipv6CidrBlockState?.State,
        )[0] ?? null,
      azName: s.AvailabilityZone ?? null,
      azId: subnetAzId.get(s.SubnetId) ?? null,
      isPublic: routeTableId === null ? null : (tableIsPublic.get(routeTableId) ?? null),
      routeTableId,
    };
  });
  const natGateways: InventoryRow<"natGateways">[] = natGatewaysLive.map((n) => {
    const addresses = n.NatGatewayAddresses ?? [];
    const address = addresses.find((a) => a.IsPrimary) ?? addresses[0];
    const interfaceId = address?.NetworkInterfaceId ?? null;
    return {
      natGatewayId: n.NatGatewayId ?? "",
      accountId: (interfaceId && eniOwner.get(interfaceId)) || accountId,
      region,
      vpcId: n.VpcId ?? null,
      subnetId: n.SubnetId ?? null,
      azId: subnetAzId.get(n.SubnetId) ?? address?.AvailabilityZoneId ?? null,
      interfaceId,
      privateIp: address?.PrivateIp ?? null,
      publicIp: address?.PublicIp ?? null,
    };
  });
  const vpcEndpoints: InventoryRow<"vpcEndpoints">[] = endpointsLive.map((e) => ({
    vpcEndpointId: e.VpcEndpointId ?? "",
    accountId: e.OwnerId ?? accountId,
    region,
    vpcId: e.VpcId ?? null,
    endpointType: e.VpcEndpointType ?? null,
    serviceName: e.ServiceName ?? null,
    routeTableIds: e.RouteTableIds ?? [],
    subnetIds: e.SubnetIds ?? [],
    interfaceIds: e.NetworkInterfaceIds ?? [],
  }));
  const ownerOfEni = new Map<string, string>([
    ...natGateways.flatMap((n) => (n.interfaceId ? [[n.interfaceId, n.natGatewayId] as const] : [])),
    ...vpcEndpoints.flatMap((e) => e.interfaceIds.map((id) => [id, e.vpcEndpointId] as const)),
  ]);
  const enis: InventoryRow<"enis">[] = estate.networkInterfaces.map((e) => {
    const facts = {
      interfaceType: e.InterfaceType,
      description: e.Description,
      requesterId: e.RequesterId,
      instanceId: e.Attachment?.InstanceId,
    };
    const kind = eniKind(facts);
    const interfaceId = e.NetworkInterfaceId ?? "";
    const privateIps = (e.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress);
    return {
      interfaceId,
      accountId: e.OwnerId ?? accountId,
      region,
      vpcId: e.VpcId ?? null,
      subnetId: e.SubnetId ?? null,
      azId: e.AvailabilityZoneId ?? subnetAzId.get(e.SubnetId) ?? zoneIdOf.get(e.AvailabilityZone) ?? null,
      kind,
      resourceId: ownerOfEni.get(interfaceId) ?? eniResourceId(kind, facts),
      description: e.Description || null,
      privateIps: distinct(privateIps.length > 0 ? privateIps : [e.PrivateIpAddress]),
      ipv6Ips: distinct((e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address)),
      publicIp: e.Association?.PublicIp ?? null,
    };
  });
  const createdAt = new Map<string, string>();
  for (const n of natGatewaysLive)
    if (n.NatGatewayId && n.CreateTime) createdAt.set(n.NatGatewayId, n.CreateTime.toISOString());
  for (const e of endpointsLive) {
    if (e.VpcEndpointId && e.CreationTimestamp)
      createdAt.set(e.VpcEndpointId, e.CreationTimestamp.toISOString());
  }
  return {
    source: EC2_SOURCE,
    createdAt,
    scopes: [{ accountId, region }],
    azs,
    vpcs,
    subnets,
    routeTables,
    enis,
    natGateways,
    vpcEndpoints,
  };
}

/** Subnet → explicitly associated route table, and VPC → main route table. */
function subnetRouteTables(tables: readonly RouteTable[]) {
  const explicit = new Map<string | undefined, string>();
  const main = new Map<string | undefined, string>();
  for (const table of tables) {
    for (const association of table.Associations ?? []) {
      if (!table.RouteTableId) continue;
      if (association.Main) main.set(table.VpcId, table.RouteTableId);
      else if (association.SubnetId) explicit.set(association.SubnetId, table.RouteTableId);
    }
  }
  return { explicit, main };
}

/** The blocks of CIDR associations that are in use (associated or associating). */
function associated<T>(
  associations: readonly T[] | undefined,
  block: (a: T) => string | undefined,
  state: (a: T) => string | undefined,
): string[] {
  return distinct(
    (associations ?? [])
      .filter((a) => ["associated", "associating", undefined].includes(state(a)))
      .map(block),
  );
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
