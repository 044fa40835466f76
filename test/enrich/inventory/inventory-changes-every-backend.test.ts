/**
 * The inventory's history reads the same on every backend: two imports through the store's enrichment
 * tables (on ClickHouse, the mirror), then the changes of a range, as the trends mark them.
 */
import { describe, expect, it } from "vitest";
import { withEnrichmentTables } from "../../../src/enrich/enrichment-store.js";
import { importInventory } from "../../../src/enrich/inventory/import-inventory.js";
import { readInventoryChanges } from "../../../src/enrich/inventory/inventory-changes.js";
import { routeKey } from "../../../src/enrich/inventory/inventory-diff.js";
import type { InventorySnapshot } from "../../../src/enrich/inventory/inventory-snapshot.js";
import type { Store } from "../../../src/store/store.js";
import { testStores } from "../../helpers/test-stores.js";

const owner = { accountId: "111111111111", region: "us-east-1" };
const RTB = "rtb-0a1";
const NAT = "nat-0a1";
const S3 = "vpce-0a1";

/** One route table whose routes go to `targets`; the S3 endpoint exists when it is one of them. */
function snapshot(targets: readonly string[], createdAt: Record<string, string> = {}): InventorySnapshot {
  return {
    source: "test.json",
    scopes: [owner],
    azs: [],
    vpcs: [],
    enis: [],
    subnets: [],
    routeTables: [
      {
        ...owner,
        routeTableId: RTB,
        vpcId: "vpc-0a1",
        gatewayEndpointIds: targets.filter((t) => t.startsWith("vpce-")),
        natGatewayIds: targets.filter((t) => t.startsWith("nat-")),
        hasInternetGateway: false,
      },
    ],
    natGateways: [],
    vpcEndpoints: targets.includes(S3)
      ? [
          {
            ...owner,
            vpcEndpointId: S3,
            vpcId: "vpc-0a1",
            endpointType: "Gateway",
            serviceName: "com.amazonaws.us-east-1.s3",
            routeTableIds: [RTB],
            subnetIds: [],
            interfaceIds: [],
          },
        ]
      : [],
    createdAt: new Map(Object.entries(createdAt)),
  };
}

async function importTwice(store: Store): Promise<void> {
  await withEnrichmentTables(store, async (duck) => {
    await importInventory(duck, snapshot([NAT]), { now: new Date("2026-11-01T06:00:00Z") });
    await importInventory(duck, snapshot([NAT, S3], { [routeKey(RTB, S3)]: "2026-11-21T00:00:00.000Z" }), {
      now: new Date("2026-11-22T06:00:00Z"),
    });
  });
}

for (const backend of testStores()) {
  describe(`the inventory's history on ${backend.name}`, () => {
    it("a store that never had an inventory reads no changes", async () => {
      const store = await backend.open();
      expect(await readInventoryChanges(store, { from: "2000-01-01", to: "2099-12-31" })).toEqual([]);
    });

    it("reads the changes dated within the range's days, with their source's date", async () => {
      const store = await backend.open();
      await importTwice(store);
      expect(await readInventoryChanges(store, { from: "2026-11-21", to: "2026-11-21" })).toEqual([
        {
          at: "2026-11-21T00:00:00.000Z",
          datedBy: "source",
          ...owner,
          kind: "route_table",
          resourceId: RTB,
          change: "changed",
          target: S3,
          detail: `route table ${RTB} now routes to ${S3} (com.amazonaws.us-east-1.s3)`,
        },
      ]);
    });

    it("reads every change of a longer range oldest first", async () => {
      const store = await backend.open();
      await importTwice(store);
      const changes = await readInventoryChanges(store, { from: "2026-11-01", to: "2026-11-30" });
      expect(changes.map((c) => [c.at, c.kind, c.datedBy])).toEqual([
        ["2026-11-21T00:00:00.000Z", "route_table", "source"],
        ["2026-11-22T06:00:00.000Z", "vpc_endpoint", "import"],
      ]);
    });
  });
}
