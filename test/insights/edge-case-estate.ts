/**
 * A small hand-made estate for the insight edge-case tests: one VPC in us-east-1 (AZ names deliberately
 * mapped to other AZ IDs), a public subnet with the NAT gateway and three public instances, and two
 * private subnets in different AZ IDs whose shared route table sends IPv4 to that NAT gateway and IPv6 to
 * an egress-only internet gateway. Conversations become records the way AWS logs them on each ENI they
 * cross, as src/sources/demo/flow-paths.ts writes them; `openEstateStore` ingests them with the product's
 * ingest, imports the inventory in the `flowlens inventory import` format and classifies the addresses.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { refreshAddresses } from "../../src/enrich/addresses.js";
import { fetchIpRanges, loadIpRanges } from "../../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { importInventoryFile } from "../../src/enrich/inventory/load-inventory-file.js";
import type { InsightDefinition, Period } from "../../src/insights/insight.js";
import { type InsightResult, runInsights } from "../../src/insights/run-insights.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { SNAPSHOT_PATH } from "../enrich/aws-ip-ranges-snapshot.js";
import type { CustomRecord } from "../helpers/custom-flow-log.js";
import { writeCustomLog } from "../helpers/custom-flow-log.js";
import { ingestFiles } from "../helpers/ingest-files.js";

export const ACCOUNT = "111111111111";
export const VPC = "vpc-0e5e";
export const NAT_GATEWAY = "nat-0a0a";
export const ROUTE_TABLE_PRIVATE = "rtb-0b0b";

export interface Subnet {
  readonly id: string;
  readonly cidr: string;
  readonly ipv6Cidr: string;
  readonly azName: string;
  readonly azId: string;
  readonly public: boolean;
  readonly routeTable: string;
}

export const PUBLIC_A: Subnet = {
  id: "subnet-0a01",
  cidr: "10.0.0.0/24",
  ipv6Cidr: "2600:1f18:6c2:5e00::/64",
  azName: "us-east-1a",
  azId: "use1-az4",
  public: true,
  routeTable: "rtb-0a0a",
};
export const PRIVATE_A: Subnet = {
  id: "subnet-0a02",
  cidr: "10.0.1.0/24",
  ipv6Cidr: "2600:1f18:6c2:5e01::/64",
  azName: "us-east-1a",
  azId: "use1-az4",
  public: false,
  routeTable: ROUTE_TABLE_PRIVATE,
};
export const PRIVATE_B: Subnet = {
  id: "subnet-0b02",
  cidr: "10.0.2.0/24",
  ipv6Cidr: "2600:1f18:6c2:5e02::/64",
  azName: "us-east-1b",
  azId: "use1-az6",
  public: false,
  routeTable: ROUTE_TABLE_PRIVATE,
};

export interface Eni {
  readonly id: string;
  readonly instanceId: string | null;
  readonly subnet: Subnet;
  readonly ip: string;
  readonly ipv6?: string;
}

export const NAT_ENI: Eni = { id: "eni-0aa", instanceId: null, subnet: PUBLIC_A, ip: "10.0.0.10" };
export const WEB: Eni = {
  id: "eni-0a1",
  instanceId: "i-0a1",
  subnet: PUBLIC_A,
  ip: "10.0.0.20",
  ipv6: "2600:1f18:6c2:5e00::20",
};
export const WEB_2: Eni = { id: "eni-0a4", instanceId: "i-0a4", subnet: PUBLIC_A, ip: "10.0.0.22" };
export const BASTION: Eni = { id: "eni-0a2", instanceId: "i-0a2", subnet: PUBLIC_A, ip: "10.0.0.21" };
export const APP: Eni = {
  id: "eni-0a3",
  instanceId: "i-0a3",
  subnet: PRIVATE_A,
  ip: "10.0.1.30",
  ipv6: "2600:1f18:6c2:5e01::30",
};
export const WORKER: Eni = {
  id: "eni-0b1",
  instanceId: "i-0b1",
  subnet: PRIVATE_B,
  ip: "10.0.2.40",
  ipv6: "2600:1f18:6c2:5e02::40",
};
/** An instance launched after the inventory was taken: its flow logs exist, the inventory does not list it. */
export const UNLISTED: Eni = { id: "eni-0ff", instanceId: "i-0ff", subnet: PRIVATE_B, ip: "10.0.2.99" };

const PUBLIC_IPS: Readonly<Record<string, string>> = {
  [WEB.id]: "198.51.100.20",
  [BASTION.id]: "198.51.100.21",
  [WEB_2.id]: "198.51.100.22",
};

/** The inventory in the format `importInventoryFile` reads (see src/sources/demo/inventory.ts). */
export function inventoryJson() {
  const subnets = [PUBLIC_A, PRIVATE_A, PRIVATE_B];
  const instances = [WEB, WEB_2, BASTION, APP, WORKER];
  return {
    region: "us-east-1",
    accounts: [
      { id: ACCOUNT, name: "edge-cases", azIds: { "us-east-1a": "use1-az4", "us-east-1b": "use1-az6" } },
    ],
    vpcs: [{ id: VPC, cidr: "10.0.0.0/16", ipv6Cidr: "2600:1f18:6c2:5e00::/56", ownerAccount: ACCOUNT }],
    internetGateways: [{ id: "igw-0a0a", vpc: VPC }],
    subnets: subnets.map((s) => ({
      id: s.id,
      vpc: VPC,
      ownerAccount: ACCOUNT,
      cidr: s.cidr,
      ipv6Cidr: s.ipv6Cidr,
      azName: s.azName,
      azId: s.azId,
      public: s.public,
      routeTable: s.routeTable,
    })),
    routeTables: [
      {
        id: PUBLIC_A.routeTable,
        vpc: VPC,
        subnets: [PUBLIC_A.id],
        routes: [
          { destination: "0.0.0.0/0", target: "igw-0a0a" },
          { destination: "::/0", target: "igw-0a0a" },
        ],
      },
      {
        id: ROUTE_TABLE_PRIVATE,
        vpc: VPC,
        subnets: [PRIVATE_A.id, PRIVATE_B.id],
        routes: [
          { destination: "0.0.0.0/0", target: NAT_GATEWAY },
          { destination: "::/0", target: "eigw-0a0a" },
        ],
      },
    ],
    networkInterfaces: [
      {
        id: NAT_ENI.id,
        ownerAccount: ACCOUNT,
        vpc: VPC,
        subnet: NAT_ENI.subnet.id,
        privateIps: [NAT_ENI.ip],
        kind: "nat_gateway",
        resourceId: NAT_GATEWAY,
        description: `Interface for NAT Gateway ${NAT_GATEWAY}`,
      },
      ...instances.map((e) => ({
        id: e.id,
        ownerAccount: ACCOUNT,
        vpc: VPC,
        subnet: e.subnet.id,
        privateIps: e.ipv6 ? [e.ip, e.ipv6] : [e.ip],
        publicIp: PUBLIC_IPS[e.id] ?? null,
        kind: "instance",
        instanceId: e.instanceId,
      })),
    ],
    natGateways: [
      {
        id: NAT_GATEWAY,
        vpc: VPC,
        subnet: NAT_ENI.subnet.id,
        networkInterface: NAT_ENI.id,
        privateIp: NAT_ENI.ip,
        publicIp: "198.51.100.10",
      },
    ],
  };
}

/** One direction of a conversation and its answer. Ports are the client's and the service's. */
export interface Exchange {
  /** @default 6 (TCP) */
  readonly protocol?: number;
  readonly clientPort: number;
  readonly servicePort: number;
  readonly requestBytes: number;
  readonly requestPackets: number;
  /** @default 0: no response */
  readonly responseBytes?: number;
  readonly responsePackets?: number;
  readonly start: number;
  readonly end: number;
}

export const WITHIN_VPC = 1;
export const VIRTUAL_PRIVATE_GATEWAY = 3;
export const INTERNET_GATEWAY = 8;

interface Leg {
  readonly src: string;
  readonly dst: string;
  readonly srcport: number;
  readonly dstport: number;
  readonly pktSrc?: string;
  readonly pktDst?: string;
  readonly pktSrcService?: string;
  readonly pktDstService?: string;
}

const reverse = (l: Leg): Leg => ({
  src: l.dst,
  dst: l.src,
  srcport: l.dstport,
  dstport: l.srcport,
  pktSrc: l.pktDst ?? l.dst,
  pktDst: l.pktSrc ?? l.src,
  pktSrcService: l.pktDstService,
  pktDstService: l.pktSrcService,
});

/** The fields a flow log writes from the ENI itself (also on NODATA and SKIPDATA records). */
function eniFields(eni: Eni): CustomRecord {
  return {
    "account-id": ACCOUNT,
    "interface-id": eni.id,
    "vpc-id": VPC,
    "subnet-id": eni.subnet.id,
    "instance-id": eni.instanceId ?? "-",
    "az-id": eni.subnet.azId,
  };
}

/** One record: traffic-path is written on egress records only, as AWS does. */
function hop(
  eni: Eni,
  direction: "ingress" | "egress",
  l: Leg,
  x: Exchange,
  response: boolean,
  trafficPath: number,
  action: "ACCEPT" | "REJECT" = "ACCEPT",
): CustomRecord {
  return {
    ...eniFields(eni),
    srcaddr: l.src,
    dstaddr: l.dst,
    srcport: l.srcport,
    dstport: l.dstport,
    protocol: x.protocol ?? 6,
    packets: response ? (x.responsePackets ?? 0) : x.requestPackets,
    bytes: response ? (x.responseBytes ?? 0) : x.requestBytes,
    start: x.start,
    end: x.end,
    action,
    "flow-direction": direction,
    "traffic-path": direction === "egress" ? trafficPath : "-",
    "pkt-srcaddr": l.pktSrc ?? l.src,
    "pkt-dstaddr": l.pktDst ?? l.dst,
    "pkt-src-aws-service": l.pktSrcService ?? "-",
    "pkt-dst-aws-service": l.pktDstService ?? "-",
  };
}

const answered = (x: Exchange) => (x.responsePackets ?? 0) > 0;
const address = (eni: Eni, ipv6: boolean) => (ipv6 ? (eni.ipv6 ?? eni.ip) : eni.ip);

/** Between two ENIs of the VPC: egress and ingress on both. A REJECT at the server drops the response. */
export function eastWest(
  client: Eni,
  server: Eni,
  x: Exchange,
  options: { readonly action?: "ACCEPT" | "REJECT"; readonly ipv6?: boolean } = {},
): CustomRecord[] {
  const ipv6 = options.ipv6 ?? false;
  const request: Leg = {
    src: address(client, ipv6),
    dst: address(server, ipv6),
    srcport: x.clientPort,
    dstport: x.servicePort,
  };
  const records = [
    hop(client, "egress", request, x, false, WITHIN_VPC),
    hop(server, "ingress", request, x, false, 0, options.action),
  ];
  if (options.action === "REJECT" || !answered(x)) return records;
  return [
    ...records,
    hop(server, "egress", reverse(request), x, true, WITHIN_VPC),
    hop(client, "ingress", reverse(request), x, true, 0),
  ];
}

/**
 * From a private ENI through the NAT gateway to an address outside the VPC: two records on the client's
 * ENI (the real destination) and four on the NAT gateway's (client→NAT with pkt-dstaddr the destination,
 * NAT→destination, destination→NAT, NAT→client with pkt-srcaddr the destination).
 */
export function viaNat(client: Eni, destination: string, x: Exchange, service = "-"): CustomRecord[] {
  const natPort = 61_000;
  const onClient: Leg = {
    src: client.ip,
    dst: destination,
    srcport: x.clientPort,
    dstport: x.servicePort,
    pktDstService: service,
  };
  const toNat: Leg = { ...onClient, dst: NAT_ENI.ip, pktDst: destination };
  const fromNat: Leg = {
    src: NAT_ENI.ip,
    dst: destination,
    srcport: natPort,
    dstport: x.servicePort,
    pktDstService: service,
  };
  return [
    hop(client, "egress", onClient, x, false, WITHIN_VPC),
    hop(NAT_ENI, "ingress", toNat, x, false, 0),
    hop(NAT_ENI, "egress", fromNat, x, false, INTERNET_GATEWAY),
    hop(NAT_ENI, "ingress", reverse(fromNat), x, true, 0),
    hop(NAT_ENI, "egress", reverse(toNat), x, true, WITHIN_VPC),
    hop(client, "ingress", reverse(onClient), x, true, 0),
  ];
}

/** From an ENI straight out of the VPC (internet gateway, egress-only gateway, VPN): its ENI only. */
export function outbound(
  client: Eni,
  destination: string,
  x: Exchange,
  options: { readonly ipv6?: boolean; readonly trafficPath?: number } = {},
): CustomRecord[] {
  const request: Leg = {
    src: address(client, options.ipv6 ?? false),
    dst: destination,
    srcport: x.clientPort,
    dstport: x.servicePort,
  };
  const records = [hop(client, "egress", request, x, false, options.trafficPath ?? INTERNET_GATEWAY)];
  return answered(x) ? [...records, hop(client, "ingress", reverse(request), x, true, 0)] : records;
}

/** From outside the VPC to an ENI: a REJECT is one record; an accepted request is answered through the IGW. */
export function inbound(
  server: Eni,
  source: string,
  x: Exchange,
  options: { readonly action?: "ACCEPT" | "REJECT"; readonly ipv6?: boolean } = {},
): CustomRecord[] {
  const request: Leg = {
    src: source,
    dst: address(server, options.ipv6 ?? false),
    srcport: x.clientPort,
    dstport: x.servicePort,
  };
  const records = [hop(server, "ingress", request, x, false, 0, options.action)];
  if (options.action === "REJECT" || !answered(x)) return records;
  return [...records, hop(server, "egress", reverse(request), x, true, INTERNET_GATEWAY)];
}

/** A NODATA or SKIPDATA record: only the ENI's own fields and the capture window are known. */
export function logStatus(eni: Eni, status: "NODATA" | "SKIPDATA", start: number, end: number): CustomRecord {
  return { ...eniFields(eni), "log-status": status, start, end };
}

/**
 * Writes the records as one gzip flow log object, ingests it like `flowlens ingest`, imports the
 * inventory, loads the AWS IP ranges snapshot and classifies every address, like `flowlens report`.
 */
export async function openEstateStore(dir: string, records: readonly CustomRecord[]): Promise<DuckDbStore> {
  const log = join(dir, "flows.log.gz");
  const inventory = join(dir, "inventory.json");
  writeCustomLog(log, records);
  writeFileSync(inventory, JSON.stringify(inventoryJson(), null, 2));
  const store = await DuckDbStore.open(join(dir, "flowlens.duckdb"));
  try {
    const ingest = await ingestFiles(store, [log]);
    expect(ingest).toMatchObject({ rowsLoaded: records.length, rowsRejected: 0, objectsFailed: 0 });
    await importInventoryFile(store, inventory);
    await loadIpRanges(store, await fetchIpRanges({ file: SNAPSHOT_PATH }), { cacheDir: join(dir, "cache") });
    await refreshAddresses(store);
    return store;
  } catch (error) {
    store.close();
    throw error;
  }
}

/** Runs one insight the way a report does and checks that it did not fail. */
export async function runInsight<P>(
  store: DuckDbStore,
  insight: InsightDefinition<P>,
  period: Period,
  params: Record<string, unknown> = {},
): Promise<InsightResult> {
  const [result] = await runInsights(store, [insight as unknown as InsightDefinition<never>], period, {
    [insight.id]: params,
  });
  expect(result?.error).toBeUndefined();
  return result as InsightResult;
}
