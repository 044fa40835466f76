import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importInventoryFile } from "../../../src/enrich/inventory/load-inventory-file.js";
import { generateDemo } from "../../../src/sources/demo/generate-demo.js";
import { ingestFiles } from "../../helpers/ingest-files.js";
import { tempDir } from "../../helpers/temp-dir.js";
import { openTestStore } from "./open-store.js";

async function demo() {
  return generateDemo({ outDir: join(tempDir(), "demo"), startDate: "2026-11-20", recordsPerDay: 400 });
}

describe("importing the demo's inventory.json", () => {
  it("knows every interface in the demo's flow logs", async () => {
    const generated = await demo();
    const store = await openTestStore();
    await ingestFiles(store, generated.files);
    await importInventoryFile(store, generated.inventoryPath);
    const unknown = await store.rows(
      `SELECT DISTINCT f.interface_id FROM flows f ANTI JOIN inventory_enis e USING (interface_id)
       WHERE f.interface_id IS NOT NULL`,
    );
    expect(await store.value("SELECT count(DISTINCT interface_id) FROM flows")).toBeGreaterThan(10);
    expect(unknown).toEqual([]);
  });

  it("agrees with the flow logs on each interface's account, subnet and AZ ID", async () => {
    const generated = await demo();
    const store = await openTestStore();
    await ingestFiles(store, generated.files);
    await importInventoryFile(store, generated.inventoryPath);
    const disagreeing = await store.rows(
      `SELECT DISTINCT f.interface_id FROM flows f JOIN inventory_enis e USING (interface_id)
       WHERE f.account_id <> e.account_id OR f.subnet_id <> e.subnet_id OR f.az_id <> e.az_id`,
    );
    expect(disagreeing).toEqual([]);
  });

  it("keeps each account's own AZ name → AZ ID map", async () => {
    const generated = await demo();
    const store = await openTestStore();
    const counts = await importInventoryFile(store, generated.inventoryPath);
    expect(await store.rows("SELECT account_id, zone_name, zone_id FROM inventory_azs ORDER BY ALL")).toEqual(
      [
        { account_id: "111111111111", zone_name: "us-east-1a", zone_id: "use1-az1" },
        { account_id: "111111111111", zone_name: "us-east-1b", zone_id: "use1-az2" },
        { account_id: "111111111111", zone_name: "us-east-1c", zone_id: "use1-az4" },
        { account_id: "222222222222", zone_name: "us-east-1a", zone_id: "use1-az4" },
        { account_id: "222222222222", zone_name: "us-east-1b", zone_id: "use1-az1" },
        { account_id: "222222222222", zone_name: "us-east-1c", zone_id: "use1-az2" },
      ],
    );
    expect(counts).toEqual([
      {
        account_id: "111111111111",
        region: "us-east-1",
        azs: 3,
        vpcs: 1,
        subnets: 6,
        route_tables: 4,
        enis: 12,
        nat_gateways: 1,
        vpc_endpoints: 2,
      },
      {
        account_id: "222222222222",
        region: "us-east-1",
        azs: 3,
        vpcs: 0,
        subnets: 0,
        route_tables: 0,
        enis: 13,
        nat_gateways: 0,
        vpc_endpoints: 0,
      },
    ]);
  });

  it("records the NAT gateway's ENI and which route tables use the S3 gateway endpoint", async () => {
    const generated = await demo();
    const store = await openTestStore();
    await importInventoryFile(store, generated.inventoryPath);
    const nat = await store.rows(
      `SELECT n.az_id, e.kind, e.resource_id = n.nat_gateway_id AS same FROM inventory_nat_gateways n
       JOIN inventory_enis e USING (interface_id)`,
    );
    expect(nat).toEqual([{ az_id: "use1-az1", kind: "nat_gateway", same: true }]);
    const withEndpoint = await store.rows(
      `SELECT s.az_id, s.is_public FROM inventory_subnets s JOIN inventory_route_tables t USING (route_table_id)
       WHERE len(t.gateway_endpoint_ids) > 0 ORDER BY ALL`,
    );
    expect(withEndpoint).toEqual([
      { az_id: "use1-az1", is_public: false },
      { az_id: "use1-az2", is_public: false },
    ]);
  });
});
