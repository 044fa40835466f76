/**
 * Turns a validated inventory file into a snapshot. The file describes one region; its scopes are every
 * account it names (in `accounts` or as an owner), so importing it replaces those accounts' rows in that
 * region. Values the file leaves out are derived: an ENI's AZ ID from its subnet, a route table's owner
 * from its VPC, a route table's gateway endpoints from its routes and from the endpoints' route tables.
 */
import { INTERNET_GATEWAY, routeKey } from "./inventory-diff.js";
import type { InventoryFile } from "./inventory-file.js";
import type { InventoryScope, InventorySnapshot } from "./inventory-snapshot.js";
import type { InventoryRow } from "./inventory-tables.js";

/** @param source the file's path, recorded in inventory_sources */
export function inventoryFromFile(file: InventoryFile, source: string): InventorySnapshot {
  const region = file.region;
  const vpcOwner = new Map(file.vpcs.map((v) => [v.id, v.ownerAccount]));
  const eniOwner = new Map(file.networkInterfaces.map((e) => [e.id, e.ownerAccount]));
  const subnetAzId = new Map(file.subnets.map((s) => [s.id, s.azId]));
  const owner = (vpc: string) => vpcOwner.get(vpc) ?? "";
  const endpointOwner = (e: InventoryFile["vpcEndpoints"][number]) =>
    e.ownerAccount ?? e.networkInterfaces?.map((id) => eniOwner.get(id)).find(Boolean) ?? owner(e.vpc);

  const accounts = new Set([
    ...file.accounts.map((a) => a.id),
    ...file.vpcs.map((v) => v.ownerAccount),
    ...file.subnets.map((s) => s.ownerAccount),
    ...file.networkInterfaces.map((e) => e.ownerAccount),
    ...file.vpcEndpoints.map(endpointOwner),
  ]);
  const scopes: InventoryScope[] = [...accounts].sort().map((accountId) => ({ accountId, region }));

  const azs: InventoryRow<"azs">[] = file.accounts.flatMap((a) =>
    Object.entries(a.azIds).map(([zoneName, zoneId]) => ({ accountId: a.id, region, zoneName, zoneId })),
  );
  const vpcs: InventoryRow<"vpcs">[] = file.vpcs.map((v) => ({
    vpcId: v.id,
    accountId: v.ownerAccount,
    region,
    cidrBlocks: v.ipv6Cidr ? [v.cidr, v.ipv6Cidr] : [v.cidr],
  }));
  const tableOfSubnet = new Map(file.routeTables.flatMap((t) => (t.subnets ?? []).map((s) => [s, t.id])));
  const subnets: InventoryRow<"subnets">[] = file.subnets.map((s) => ({
    subnetId: s.id,
    vpcId: s.vpc,
    accountId: s.ownerAccount,
    region,
    cidr: s.cidr,
    ipv6Cidr: s.ipv6Cidr ?? null,
    azName: s.azName,
    azId: s.azId,
    isPublic: s.public,
    routeTableId: s.routeTable ?? tableOfSubnet.get(s.id) ?? null,
  }));
  const routeTables: InventoryRow<"routeTables">[] = file.routeTables.map((t) => {
    const targets = t.routes.map((r) => r.target);
    const endpoints = file.vpcEndpoints
      .filter((e) => e.type === "Gateway" && e.routeTables?.includes(t.id))
      .map((e) => e.id);
    return {
      routeTableId: t.id,
      vpcId: t.vpc,
      accountId: owner(t.vpc),
      region,
      gatewayEndpointIds: distinct([...targets.filter((x) => x.startsWith("vpce-")), ...endpoints]),
      natGatewayIds: distinct(targets.filter((x) => x.startsWith("nat-"))),
      hasInternetGateway: targets.some((x) => x.startsWith("igw-")),
    };
  });
  const enis: InventoryRow<"enis">[] = file.networkInterfaces.map((e) => ({
    interfaceId: e.id,
    accountId: e.ownerAccount,
    region,
    vpcId: e.vpc,
    subnetId: e.subnet,
    azId: e.azId ?? subnetAzId.get(e.subnet) ?? null,
    kind: e.kind,
    resourceId: e.resourceId ?? e.instanceId ?? null,
    description: e.description ?? null,
    privateIps: e.privateIps.filter((address) => !address.includes(":")),
    ipv6Ips: e.privateIps.filter((address) => address.includes(":")),
    publicIp: e.publicIp ?? null,
  }));
  const natGateways: InventoryRow<"natGateways">[] = file.natGateways.map((n) => ({
    natGatewayId: n.id,
    accountId: eniOwner.get(n.networkInterface) ?? owner(n.vpc),
    region,
    vpcId: n.vpc,
    subnetId: n.subnet,
    azId: n.azId ?? subnetAzId.get(n.subnet) ?? null,
    interfaceId: n.networkInterface,
    privateIp: n.privateIp,
    publicIp: n.publicIp ?? null,
  }));
  const vpcEndpoints: InventoryRow<"vpcEndpoints">[] = file.vpcEndpoints.map((e) => ({
    vpcEndpointId: e.id,
    accountId: endpointOwner(e),
    region,
    vpcId: e.vpc,
    endpointType: e.type,
    serviceName: e.service,
    routeTableIds: e.routeTables ?? [],
    subnetIds: e.subnets ?? [],
    interfaceIds: e.networkInterfaces ?? [],
  }));
  const createdAt = new Map<string, string>();
  const utc = (time: string) => new Date(time).toISOString();
  for (const n of file.natGateways) if (n.createdAt) createdAt.set(n.id, utc(n.createdAt));
  for (const e of file.vpcEndpoints) if (e.createdAt) createdAt.set(e.id, utc(e.createdAt));
  for (const t of file.routeTables) {
    for (const r of t.routes) {
      const target = r.target.startsWith("igw-") ? INTERNET_GATEWAY : r.target;
      if (r.createdAt) createdAt.set(routeKey(t.id, target), utc(r.createdAt));
    }
  }
  return { source, scopes, azs, vpcs, subnets, routeTables, enis, natGateways, vpcEndpoints, createdAt };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
