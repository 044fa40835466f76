import { describe, expect, it, onTestFinished } from "vitest";
import { importInventory } from "../../../src/enrich/inventory/import-inventory.js";
import { hasInventoryTables } from "../../../src/enrich/inventory/inventory-tables.js";
import { type SyncOptions, syncInventory } from "../../../src/enrich/inventory/sync-inventory.js";
import type { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { EC2_TEST_CREDENTIALS, type Ec2ServerOptions, startEc2Server } from "../../helpers/ec2-server.js";
import {
  ACCOUNT,
  DYNAMODB_ENDPOINT,
  EC2_ESTATE,
  eni,
  GWLB_ENDPOINT,
  NAT,
  RTB_MAIN,
  RTB_PRIVATE_A,
  RTB_PUBLIC,
  S3_ENDPOINT,
  SECRETS_ENDPOINT,
  SHARED_VPC,
  SHARING_ACCOUNT,
  SUBNET_PRIVATE_A,
  SUBNET_PRIVATE_B,
  SUBNET_PUBLIC,
  SUBNET_SHARED,
  VPC,
} from "./ec2-estate.js";
import { openTestStore } from "./open-store.js";
import { snapshotOf } from "./snapshots.js";

/** Starts the local EC2 API over the fixture estate, closed when the test ends. */
async function ec2Server(options: Partial<Ec2ServerOptions> = {}) {
  const server = await startEc2Server({ regions: EC2_ESTATE, ...options });
  onTestFinished(() => server.close());
  return server;
}

async function sync(store: DuckDbStore, endpoint: string, options: SyncOptions = {}) {
  return syncInventory(store, {
    regions: ["us-east-1"],
    endpointUrl: endpoint,
    credentials: EC2_TEST_CREDENTIALS,
    ...options,
  });
}

async function syncedStore(options: Partial<Ec2ServerOptions> = {}) {
  const server = await ec2Server(options);
  const store = await openTestStore();
  await sync(store, server.endpoint);
  return store;
}

describe("inventory sync from the EC2 API", () => {
  it("classifies every ENI and gives it its resource, AZ ID and addresses", async () => {
    const store = await syncedStore();
    const rows = await store.rows(
      `SELECT interface_id, account_id, subnet_id, az_id, kind, resource_id, private_ips, ipv6_ips, public_ip
       FROM inventory_enis ORDER BY interface_id`,
    );
    const row = (
      n: number,
      subnet: string,
      azId: string,
      kind: string,
      resource: string | null,
      ips: string[],
    ) => ({
      interface_id: eni(n),
      account_id: ACCOUNT,
      subnet_id: subnet,
      az_id: azId,
      kind,
      resource_id: resource,
      private_ips: ips,
      ipv6_ips: [] as string[],
      public_ip: null as string | null,
    });
    expect(rows).toEqual([
      { ...row(1, SUBNET_PUBLIC, "use1-az4", "nat_gateway", NAT, ["10.1.0.100"]), public_ip: "3.5.6.7" },
      row(2, SUBNET_PRIVATE_A, "use1-az4", "interface_endpoint", SECRETS_ENDPOINT, ["10.1.16.50"]),
      row(3, SUBNET_PRIVATE_B, "use1-az6", "interface_endpoint", SECRETS_ENDPOINT, ["10.1.32.50"]),
      row(4, SUBNET_PUBLIC, "use1-az4", "gateway_load_balancer_endpoint", GWLB_ENDPOINT, ["10.1.0.60"]),
      {
        ...row(5, SUBNET_PUBLIC, "use1-az4", "load_balancer", "app/web/50dc6c495c0c9188", ["10.1.0.70"]),
        ipv6_ips: ["2600:1f18:aaaa:bb00::70"],
        public_ip: "44.1.2.3",
      },
      row(6, SUBNET_PRIVATE_A, "use1-az4", "load_balancer", "net/api/7f2e0e0c7c3b1a2d", ["10.1.16.70"]),
      row(7, SUBNET_PRIVATE_A, "use1-az4", "lambda", "resize-images", ["10.1.17.7"]),
      row(
        8,
        SUBNET_PRIVATE_B,
        "use1-az6",
        "ecs_task",
        `arn:aws:ecs:us-east-1:${ACCOUNT}:attachment/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
        ["10.1.33.8"],
      ),
      row(9, SUBNET_PRIVATE_B, "use1-az6", "instance", "i-0a000000000000009", ["10.1.32.9", "10.1.32.10"]),
      row(10, SUBNET_PRIVATE_A, "use1-az4", "transit_gateway", "tgw-attach-0a000000000000001", [
        "10.1.18.10",
      ]),
      row(11, SUBNET_PRIVATE_B, "use1-az6", "other", null, ["10.1.34.11"]),
      row(12, SUBNET_SHARED, "use1-az6", "instance", "i-0a00000000000000c", ["10.2.0.12"]),
    ]);
  });

  it("gives each subnet its owner, AZ name, AZ ID, route table and whether it is public", async () => {
    const store = await syncedStore();
    const rows = await store.rows(
      "SELECT subnet_id, vpc_id, account_id, cidr, az_name, az_id, is_public, route_table_id FROM inventory_subnets ORDER BY subnet_id",
    );
    expect(rows).toEqual([
      {
        subnet_id: SUBNET_PUBLIC,
        vpc_id: VPC,
        account_id: ACCOUNT,
        cidr: "10.1.0.0/24",
        az_name: "us-east-1a",
        az_id: "use1-az4",
        is_public: true,
        route_table_id: RTB_PUBLIC,
      },
      {
        subnet_id: SUBNET_PRIVATE_A,
        vpc_id: VPC,
        account_id: ACCOUNT,
        cidr: "10.1.16.0/20",
        az_name: "us-east-1a",
        az_id: "use1-az4",
        is_public: false,
        route_table_id: RTB_PRIVATE_A,
      },
      {
        subnet_id: SUBNET_PRIVATE_B,
        vpc_id: VPC,
        account_id: ACCOUNT,
        cidr: "10.1.32.0/20",
        az_name: "us-east-1b",
        az_id: "use1-az6",
        is_public: false,
        route_table_id: RTB_MAIN,
      },
      {
        subnet_id: SUBNET_SHARED,
        vpc_id: SHARED_VPC,
        account_id: SHARING_ACCOUNT,
        cidr: "10.2.0.0/24",
        az_name: "us-east-1b",
        az_id: "use1-az6",
        is_public: null,
        route_table_id: null,
      },
    ]);
  });

  it("maps the account's AZ names to AZ IDs and keeps each VPC's associated CIDR blocks", async () => {
    const store = await syncedStore();
    expect(await store.rows("SELECT * FROM inventory_azs ORDER BY zone_name")).toEqual([
      { account_id: ACCOUNT, region: "us-east-1", zone_name: "us-east-1a", zone_id: "use1-az4" },
      { account_id: ACCOUNT, region: "us-east-1", zone_name: "us-east-1b", zone_id: "use1-az6" },
      { account_id: ACCOUNT, region: "us-east-1", zone_name: "us-east-1c", zone_id: "use1-az1" },
    ]);
    expect(
      await store.rows("SELECT vpc_id, account_id, cidr_blocks FROM inventory_vpcs ORDER BY vpc_id"),
    ).toEqual([
      {
        vpc_id: VPC,
        account_id: ACCOUNT,
        cidr_blocks: ["10.1.0.0/16", "100.64.0.0/16", "2600:1f18:aaaa:bb00::/56"],
      },
      { vpc_id: SHARED_VPC, account_id: SHARING_ACCOUNT, cidr_blocks: ["10.2.0.0/16"] },
    ]);
  });

  it("records the available NAT gateway with its ENI and AZ ID, and leaves the deleted one out", async () => {
    const store = await syncedStore();
    expect(await store.rows("SELECT * FROM inventory_nat_gateways")).toEqual([
      {
        nat_gateway_id: NAT,
        account_id: ACCOUNT,
        region: "us-east-1",
        vpc_id: VPC,
        subnet_id: SUBNET_PUBLIC,
        az_id: "use1-az4",
        interface_id: eni(1),
        private_ip: "10.1.0.100",
        public_ip: "3.5.6.7",
      },
    ]);
  });

  it("lists each route table's gateway endpoints, NAT gateways and internet gateway, without blackhole routes", async () => {
    const store = await syncedStore();
    const rows = await store.rows(
      "SELECT route_table_id, gateway_endpoint_ids, nat_gateway_ids, has_internet_gateway FROM inventory_route_tables ORDER BY ALL",
    );
    expect(rows).toEqual([
      {
        route_table_id: RTB_PUBLIC,
        gateway_endpoint_ids: [],
        nat_gateway_ids: [],
        has_internet_gateway: true,
      },
      {
        route_table_id: RTB_PRIVATE_A,
        gateway_endpoint_ids: [S3_ENDPOINT],
        nat_gateway_ids: [NAT],
        has_internet_gateway: false,
      },
      {
        route_table_id: RTB_MAIN,
        gateway_endpoint_ids: [DYNAMODB_ENDPOINT],
        nat_gateway_ids: [NAT],
        has_internet_gateway: false,
      },
    ]);
  });

  it("records the live VPC endpoints with their route tables, subnets and ENIs", async () => {
    const store = await syncedStore();
    const rows = await store.rows(
      "SELECT vpc_endpoint_id, endpoint_type, route_table_ids, subnet_ids, interface_ids FROM inventory_vpc_endpoints ORDER BY ALL",
    );
    expect(rows).toEqual([
      {
        vpc_endpoint_id: S3_ENDPOINT,
        endpoint_type: "Gateway",
        route_table_ids: [RTB_PRIVATE_A],
        subnet_ids: [],
        interface_ids: [],
      },
      {
        vpc_endpoint_id: DYNAMODB_ENDPOINT,
        endpoint_type: "Gateway",
        route_table_ids: [RTB_MAIN],
        subnet_ids: [],
        interface_ids: [],
      },
      {
        vpc_endpoint_id: SECRETS_ENDPOINT,
        endpoint_type: "Interface",
        route_table_ids: [],
        subnet_ids: [SUBNET_PRIVATE_A, SUBNET_PRIVATE_B],
        interface_ids: [eni(2), eni(3)],
      },
      {
        vpc_endpoint_id: GWLB_ENDPOINT,
        endpoint_type: "GatewayLoadBalancer",
        route_table_ids: [],
        subnet_ids: [SUBNET_PUBLIC],
        interface_ids: [eni(4)],
      },
    ]);
  });

  it("follows NextToken until the last page", async () => {
    const server = await ec2Server({ pageSize: { DescribeNetworkInterfaces: 5 } });
    const store = await openTestStore();
    await sync(store, server.endpoint);
    const pages = server.requests
      .filter((r) => r.action === "DescribeNetworkInterfaces")
      .map((r) => r.params);
    expect(pages).toEqual([
      { MaxResults: "1000" },
      { MaxResults: "1000", NextToken: "page-5" },
      { MaxResults: "1000", NextToken: "page-10" },
    ]);
    expect(await store.value("SELECT count(*) FROM inventory_enis")).toBe(12);
  });

  it("fails with one sentence naming the call, the region and the permission, and writes nothing", async () => {
    const server = await ec2Server({
      failures: {
        DescribeNetworkInterfaces: {
          status: 403,
          code: "UnauthorizedOperation",
          message: "You are not authorized to perform this operation.",
        },
      },
    });
    const store = await openTestStore();
    const failure = await sync(store, server.endpoint).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: "FLOWLENS_EC2_FAILED",
      sentence:
        "cannot describe network interfaces in us-east-1: UnauthorizedOperation — allow ec2:DescribeNetworkInterfaces",
    });
    expect(await hasInventoryTables(store)).toBe(false);
  });

  it("re-syncing leaves exactly the same rows", async () => {
    const server = await ec2Server();
    const store = await openTestStore();
    await sync(store, server.endpoint);
    const first = await store.rows("SELECT * FROM inventory_enis ORDER BY ALL");
    const again = await sync(store, server.endpoint);
    expect(await store.rows("SELECT * FROM inventory_enis ORDER BY ALL")).toEqual(first);
    expect(again[0]?.counts.map((c) => [c.account_id, c.enis, c.subnets])).toEqual([
      [ACCOUNT, 12, 3],
      [SHARING_ACCOUNT, 0, 1],
    ]);
  });

  it("keeps another account's rows, and the owner's own row of a subnet it shares", async () => {
    const server = await ec2Server();
    const store = await openTestStore();
    await importInventory(
      store,
      snapshotOf(SHARING_ACCOUNT, "us-east-1", {
        subnets: [
          {
            subnetId: SUBNET_SHARED,
            vpcId: SHARED_VPC,
            cidr: "10.2.0.0/24",
            azName: "us-east-1c",
            azId: "use1-az6",
          },
        ],
        enis: [{ interfaceId: "eni-0b0000000000000aa", subnetId: SUBNET_SHARED, kind: "instance" }],
      }),
    );
    await sync(store, server.endpoint);
    const rows = await store.rows("SELECT account_id, az_name FROM inventory_subnets WHERE subnet_id = $id", {
      id: SUBNET_SHARED,
    });
    // The owner names the zone us-east-1c; the participant's sync (us-east-1b) does not overwrite it.
    expect(rows).toEqual([{ account_id: SHARING_ACCOUNT, az_name: "us-east-1c" }]);
    expect(
      await store.value("SELECT count(*) FROM inventory_enis WHERE account_id = $a", { a: SHARING_ACCOUNT }),
    ).toBe(1);
  });

  it("syncs each region given, and imports nothing for a region with no resources", async () => {
    const server = await ec2Server();
    const store = await openTestStore();
    const synced = await sync(store, server.endpoint, { regions: ["us-east-1", "us-west-2", "eu-west-1"] });
    expect(synced.map((r) => [r.region, r.accountId])).toEqual([
      ["us-east-1", ACCOUNT],
      ["us-west-2", ACCOUNT],
      ["eu-west-1", null],
    ]);
    expect(
      await store.rows("SELECT region, az_id, kind FROM inventory_enis WHERE region = 'us-west-2'"),
    ).toEqual([{ region: "us-west-2", az_id: "usw2-az2", kind: "instance" }]);
    expect(new Set(server.requests.map((r) => r.region))).toEqual(
      new Set(["us-east-1", "us-west-2", "eu-west-1"]),
    );
  });

  it("does not take a participant for the owner of the VPC and subnet shared with it", async () => {
    const server = await ec2Server();
    const store = await openTestStore();
    const synced = await sync(store, server.endpoint, { regions: ["eu-central-1"] });
    expect(synced).toEqual([{ region: "eu-central-1", accountId: null, counts: [] }]);
    expect(await hasInventoryTables(store)).toBe(false);
  });
});
