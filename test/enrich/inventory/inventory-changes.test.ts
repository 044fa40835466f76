/**
 * The inventory's history: each import or sync appends what changed against the stored inventory to
 * inventory_changes, dated by the source where it knows and by the import where it does not.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { importInventory } from "../../../src/enrich/inventory/import-inventory.js";
import { readInventoryChanges } from "../../../src/enrich/inventory/inventory-changes.js";
import { routeKey } from "../../../src/enrich/inventory/inventory-diff.js";
import type { InventorySnapshot } from "../../../src/enrich/inventory/inventory-snapshot.js";
import { importInventoryFile } from "../../../src/enrich/inventory/load-inventory-file.js";
import { syncInventory } from "../../../src/enrich/inventory/sync-inventory.js";
import type { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { EC2_TEST_CREDENTIALS, type Ec2RegionFixture, startEc2Server } from "../../helpers/ec2-server.js";
import { tempDir } from "../../helpers/temp-dir.js";
import { EC2_ESTATE, NAT as EC2_NAT, S3_ENDPOINT } from "./ec2-estate.js";
import { openTestStore } from "./open-store.js";

const ACCOUNT = "111111111111";
const REGION = "us-east-1";
const VPC = "vpc-0a1";
const RTB = "rtb-0a1";
const RTB_OTHER = "rtb-0b2";
const SUBNET = "subnet-0a1";
const NAT = "nat-0a1";
const S3 = "vpce-0a1";
const owner = { accountId: ACCOUNT, region: REGION };

interface Sketch {
  nat?: boolean;
  endpoint?: boolean;
  /** Targets of RTB's routes. */
  routes?: string[];
  otherTable?: boolean;
  subnetTable?: string;
  createdAt?: Record<string, string>;
}

function snapshot(s: Sketch): InventorySnapshot {
  const routes = s.routes ?? [NAT];
  return {
    source: "test.json",
    scopes: [owner],
    azs: [],
    vpcs: [],
    enis: [],
    subnets: [
      {
        ...owner,
        subnetId: SUBNET,
        vpcId: VPC,
        cidr: "10.0.0.0/24",
        ipv6Cidr: null,
        azName: "us-east-1a",
        azId: "use1-az1",
        isPublic: false,
        routeTableId: s.subnetTable ?? RTB,
      },
    ],
    routeTables: [
      {
        ...owner,
        routeTableId: RTB,
        vpcId: VPC,
        gatewayEndpointIds: routes.filter((t) => t.startsWith("vpce-")),
        natGatewayIds: routes.filter((t) => t.startsWith("nat-")),
        hasInternetGateway: false,
      },
      ...(s.otherTable
        ? [
            {
              ...owner,
              routeTableId: RTB_OTHER,
              vpcId: VPC,
              gatewayEndpointIds: [],
              natGatewayIds: [NAT],
              hasInternetGateway: false,
            },
          ]
        : []),
    ],
    natGateways:
      (s.nat ?? true)
        ? [
            {
              ...owner,
              natGatewayId: NAT,
              vpcId: VPC,
              subnetId: SUBNET,
              azId: "use1-az1",
              interfaceId: "eni-0a1",
              privateIp: "10.0.0.5",
              publicIp: null,
            },
          ]
        : [],
    vpcEndpoints: s.endpoint
      ? [
          {
            ...owner,
            vpcEndpointId: S3,
            vpcId: VPC,
            endpointType: "Gateway",
            serviceName: "com.amazonaws.us-east-1.s3",
            routeTableIds: [RTB],
            subnetIds: [],
            interfaceIds: [],
          },
        ]
      : [],
    createdAt: new Map(Object.entries(s.createdAt ?? {})),
  };
}

const FIRST = new Date("2026-11-01T06:00:00Z");
const SECOND = new Date("2026-11-21T06:00:00Z");

/** The store after a first import of `before` and a second of `after`. */
async function imported(before: Sketch, after: Sketch): Promise<DuckDbStore> {
  const store = await openTestStore();
  await importInventory(store, snapshot(before), { now: FIRST });
  await importInventory(store, snapshot(after), { now: SECOND });
  return store;
}

const ALL = { from: "2000-01-01", to: "2099-12-31" };

async function changes(store: DuckDbStore) {
  return (await readInventoryChanges(store, ALL)).map(
    ({ at, datedBy, kind, resourceId, change, target, detail }) => ({
      at,
      datedBy,
      kind,
      resourceId,
      change,
      target,
      detail,
    }),
  );
}

describe("inventory history", () => {
  it("a first import records nothing its source does not date", async () => {
    const store = await openTestStore();
    await importInventory(store, snapshot({ endpoint: true, routes: [NAT, S3] }), { now: FIRST });
    expect(await changes(store)).toEqual([]);
  });

  it("a first import records the creation times its source gives", async () => {
    const store = await openTestStore();
    const createdAt = { [NAT]: "2026-10-01T00:00:00.000Z", [routeKey(RTB, NAT)]: "2026-10-02T00:00:00.000Z" };
    await importInventory(store, snapshot({ createdAt }), { now: FIRST });
    expect((await changes(store)).map((c) => [c.at, c.datedBy, c.detail])).toEqual([
      ["2026-10-01T00:00:00.000Z", "source", `NAT gateway ${NAT} in ${SUBNET} (use1-az1) appeared`],
      ["2026-10-02T00:00:00.000Z", "source", `route table ${RTB} now routes to ${NAT}`],
    ]);
  });

  it("re-importing the same inventory records nothing", async () => {
    const store = await imported(
      { endpoint: true, routes: [NAT, S3] },
      { endpoint: true, routes: [NAT, S3] },
    );
    expect(await changes(store)).toEqual([]);
  });

  it("a NAT gateway that appears is recorded at its creation time", async () => {
    const store = await imported(
      { nat: false, routes: [] },
      { createdAt: { [NAT]: "2026-11-15T10:20:30.000Z" } },
    );
    expect((await changes(store)).filter((c) => c.kind === "nat_gateway")).toEqual([
      {
        at: "2026-11-15T10:20:30.000Z",
        datedBy: "source",
        kind: "nat_gateway",
        resourceId: NAT,
        change: "appeared",
        target: null,
        detail: `NAT gateway ${NAT} in ${SUBNET} (use1-az1) appeared`,
      },
    ]);
  });

  it("a NAT gateway that appears without a creation time is dated by the import", async () => {
    const store = await imported({ nat: false, routes: [] }, { routes: [] });
    expect((await changes(store)).map((c) => [c.at, c.datedBy, c.change])).toEqual([
      ["2026-11-21T06:00:00.000Z", "import", "appeared"],
    ]);
  });

  it("a NAT gateway that disappears is recorded at the import", async () => {
    const store = await imported({ routes: [] }, { nat: false, routes: [] });
    expect((await changes(store)).map((c) => [c.at, c.kind, c.change, c.detail])).toEqual([
      [
        "2026-11-21T06:00:00.000Z",
        "nat_gateway",
        "disappeared",
        `NAT gateway ${NAT} in ${SUBNET} (use1-az1) disappeared`,
      ],
    ]);
  });

  it("a route table that gains a route to an S3 endpoint names the endpoint and its service", async () => {
    const store = await imported(
      { endpoint: true, routes: [NAT] },
      { endpoint: true, routes: [NAT, S3], createdAt: { [routeKey(RTB, S3)]: "2026-11-20T00:00:00.000Z" } },
    );
    expect(await changes(store)).toEqual([
      {
        at: "2026-11-20T00:00:00.000Z",
        datedBy: "source",
        kind: "route_table",
        resourceId: RTB,
        change: "changed",
        target: S3,
        detail: `route table ${RTB} now routes to ${S3} (com.amazonaws.us-east-1.s3)`,
      },
    ]);
  });

  it("a route to an endpoint created since the last import takes the endpoint's creation time", async () => {
    const store = await imported(
      { routes: [NAT] },
      {
        endpoint: true,
        routes: [NAT, S3],
        createdAt: { [S3]: "2026-11-19T12:00:00.000Z" },
      },
    );
    expect((await changes(store)).map((c) => [c.at, c.kind, c.change, c.target])).toEqual([
      ["2026-11-19T12:00:00.000Z", "route_table", "changed", S3],
      ["2026-11-19T12:00:00.000Z", "vpc_endpoint", "appeared", null],
    ]);
  });

  it("a route table that loses a route is recorded at the import", async () => {
    const store = await imported({ routes: [NAT] }, { routes: [] });
    expect((await changes(store)).map((c) => [c.at, c.detail])).toEqual([
      ["2026-11-21T06:00:00.000Z", `route table ${RTB} no longer routes to ${NAT}`],
    ]);
  });

  it("route tables that appear and disappear are recorded, an appearing one with its routes", async () => {
    const appeared = await imported({}, { otherTable: true });
    expect((await changes(appeared)).map((c) => [c.kind, c.change, c.detail])).toEqual([
      ["route_table", "appeared", `route table ${RTB_OTHER} appeared, routing to ${NAT}`],
    ]);
    const gone = await imported({ otherTable: true }, {});
    expect((await changes(gone)).map((c) => [c.kind, c.change, c.detail])).toEqual([
      ["route_table", "disappeared", `route table ${RTB_OTHER} disappeared`],
    ]);
  });

  it("a subnet that moves to another route table is recorded with both tables", async () => {
    const store = await imported({ otherTable: true }, { otherTable: true, subnetTable: RTB_OTHER });
    expect((await changes(store)).map((c) => [c.kind, c.resourceId, c.target, c.detail])).toEqual([
      ["subnet", SUBNET, RTB_OTHER, `subnet ${SUBNET} now uses route table ${RTB_OTHER} (was ${RTB})`],
    ]);
  });

  it("reads only the changes dated within the days asked for", async () => {
    const store = await imported({ routes: [NAT] }, { routes: [] });
    expect(await readInventoryChanges(store, { from: "2026-11-20", to: "2026-11-20" })).toEqual([]);
    expect(await readInventoryChanges(store, { from: "2026-11-21", to: "2026-11-21" })).toHaveLength(1);
  });
});

describe("dates in an inventory file", () => {
  const file = (routeCreatedAt: string) => ({
    region: REGION,
    accounts: [{ id: ACCOUNT, azIds: { "us-east-1a": "use1-az1" } }],
    vpcs: [{ id: "vpc-0a1", cidr: "10.0.0.0/16", ownerAccount: ACCOUNT }],
    subnets: [
      {
        id: "subnet-0a1",
        vpc: "vpc-0a1",
        ownerAccount: ACCOUNT,
        cidr: "10.0.0.0/24",
        azName: "us-east-1a",
        azId: "use1-az1",
        public: false,
      },
    ],
    routeTables: [
      {
        id: "rtb-0a1",
        vpc: "vpc-0a1",
        subnets: ["subnet-0a1"],
        routes: [{ destination: "pl-63a5400a", target: "vpce-0a1", createdAt: routeCreatedAt }],
      },
    ],
    networkInterfaces: [],
    vpcEndpoints: [
      {
        id: "vpce-0a1",
        vpc: "vpc-0a1",
        type: "Gateway",
        service: "com.amazonaws.us-east-1.s3",
        createdAt: "2026-01-05T08:00:00+02:00",
      },
    ],
  });

  it("a route's and an endpoint's createdAt date their changes, in UTC", async () => {
    const store = await openTestStore();
    const path = join(tempDir(), "inventory.json");
    writeFileSync(path, JSON.stringify(file("2026-11-20T00:00:00Z")));
    await importInventoryFile(store, path);
    expect((await changes(store)).map((c) => [c.at, c.detail])).toEqual([
      ["2026-01-05T06:00:00.000Z", "Gateway endpoint vpce-0a1 (com.amazonaws.us-east-1.s3) appeared"],
      ["2026-11-20T00:00:00.000Z", "route table rtb-0a1 now routes to vpce-0a1 (com.amazonaws.us-east-1.s3)"],
    ]);
  });

  it("refuses a createdAt that is not a time with its zone, naming where it is", async () => {
    const store = await openTestStore();
    const path = join(tempDir(), "inventory.json");
    writeFileSync(path, JSON.stringify(file("2026-11-20")));
    await expect(importInventoryFile(store, path)).rejects.toThrow(
      `inventory file ${path} is not valid: $.routeTables[0].routes[0].createdAt: expected a time in ISO 8601 with its zone, like 2026-11-20T09:30:00Z, got "2026-11-20"`,
    );
  });
});

describe("dates from the EC2 API", () => {
  it("a sync dates NAT gateways by CreateTime and VPC endpoints by CreationTimestamp", async () => {
    const estate = EC2_ESTATE["us-east-1"] as Ec2RegionFixture;
    const dated = {
      ...estate,
      natGatewaySet: estate.natGatewaySet?.map((n) =>
        n.natGatewayId === EC2_NAT ? { ...n, createTime: "2026-11-02T03:04:05.000Z" } : n,
      ),
      vpcEndpointSet: estate.vpcEndpointSet?.map((e) =>
        e.vpcEndpointId === S3_ENDPOINT ? { ...e, creationTimestamp: "2026-11-03T00:00:00.000Z" } : e,
      ),
    };
    const server = await startEc2Server({ regions: { "us-east-1": dated } });
    onTestFinished(() => server.close());
    const store = await openTestStore();
    await syncInventory(store, {
      regions: ["us-east-1"],
      endpointUrl: server.endpoint,
      credentials: EC2_TEST_CREDENTIALS,
    });
    expect((await changes(store)).map((c) => [c.at, c.datedBy, c.kind, c.resourceId, c.change])).toEqual([
      ["2026-11-02T03:04:05.000Z", "source", "nat_gateway", EC2_NAT, "appeared"],
      ["2026-11-03T00:00:00.000Z", "source", "vpc_endpoint", S3_ENDPOINT, "appeared"],
    ]);
  });
});
