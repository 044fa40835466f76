/** Small hand-made inventory snapshots for one account and region, for import tests. */
import type { InventorySnapshot } from "../../../src/enrich/inventory/inventory-snapshot.js";

interface SubnetSketch {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly azName: string;
  readonly azId: string;
}

interface EniSketch {
  readonly interfaceId: string;
  readonly subnetId: string;
  readonly kind: string;
}

/** A snapshot of `accountId` in `region` with the given subnets and ENIs (the ENIs in the subnets' AZs). */
export function snapshotOf(
  accountId: string,
  region: string,
  parts: { subnets?: readonly SubnetSketch[]; enis?: readonly EniSketch[]; source?: string },
): InventorySnapshot {
  const subnets = parts.subnets ?? [];
  return {
    source: parts.source ?? "test.json",
    scopes: [{ accountId, region }],
    azs: [],
    vpcs: [],
    subnets: subnets.map((s) => ({
      ...s,
      accountId,
      region,
      ipv6Cidr: null,
      isPublic: false,
      routeTableId: null,
    })),
    routeTables: [],
    enis: (parts.enis ?? []).map((e) => ({
      ...e,
      accountId,
      region,
      vpcId: subnets.find((s) => s.subnetId === e.subnetId)?.vpcId ?? null,
      azId: subnets.find((s) => s.subnetId === e.subnetId)?.azId ?? null,
      resourceId: null,
      description: null,
      privateIps: [],
      ipv6Ips: [],
      publicIp: null,
    })),
    natGateways: [],
    vpcEndpoints: [],
  };
}
