import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIpRangesFile } from "../../../src/enrich/aws-ip-ranges/ip-ranges-file.js";
import { loadIpRanges } from "../../../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { withEnrichmentTables } from "../../../src/enrich/enrichment-store.js";
import { importInventoryFile } from "../../../src/enrich/inventory/load-inventory-file.js";
import { generateDemo } from "../../../src/sources/demo/generate-demo.js";
import { ClickHouseStore } from "../../../src/store/clickhouse/clickhouse-store.js";
import { parseClickHouseUrl } from "../../../src/store/clickhouse/clickhouse-url.js";
import { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { SNAPSHOT_PATH, snapshotText } from "../../enrich/aws-ip-ranges-snapshot.js";
import {
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
} from "../../helpers/clickhouse-server.js";
import { sharedTempDir, tempDir } from "../../helpers/temp-dir.js";

const ENIS = `SELECT interface_id, account_id, subnet_id, az_id, kind, private_ips, ipv6_ips FROM inventory_enis
  ORDER BY interface_id`;

describe.skipIf(!clickHouseAvailable)("enrichment tables on ClickHouse", () => {
  let server: ClickHouseServer;
  let inventoryPath: string;
  const open = async (database: string) => {
    const target = parseClickHouseUrl(`clickhouse://default@127.0.0.1:${server.httpPort}/${database}`);
    if ("problem" in target) throw new Error(target.problem);
    return ClickHouseStore.open(target, { createDatabase: true });
  };
  beforeAll(async () => {
    server = await startClickHouse();
    const demo = await generateDemo({
      outDir: join(sharedTempDir(), "demo"),
      startDate: "2026-11-20",
      recordsPerDay: 200,
    });
    inventoryPath = demo.inventoryPath;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("an inventory imported into ClickHouse holds the rows DuckDB's import holds", async () => {
    const store = await open("inventory_once");
    const duck = await DuckDbStore.open(":memory:");
    try {
      await withEnrichmentTables(store, (tables) => importInventoryFile(tables, inventoryPath));
      await importInventoryFile(duck, inventoryPath);
      const onDuckDb = await duck.rows(ENIS);
      expect(onDuckDb.length).toBeGreaterThan(10);
      expect(await store.rows(ENIS)).toEqual(onDuckDb.map((r) => ({ ...r, ipv6_ips: r.ipv6_ips ?? [] })));
    } finally {
      duck.close();
      await store.close();
    }
  });

  it("importing the same inventory twice leaves the same rows, and no change recorded the second time", async () => {
    const store = await open("inventory_twice");
    try {
      await withEnrichmentTables(store, (tables) => importInventoryFile(tables, inventoryPath));
      const once = await store.rows(ENIS);
      const changes = await store.value<number>("SELECT count() FROM inventory_changes");
      await withEnrichmentTables(store, (tables) => importInventoryFile(tables, inventoryPath));
      expect(await store.rows(ENIS)).toEqual(once);
      expect(await store.value<number>("SELECT count() FROM inventory_changes")).toBe(changes);
    } finally {
      await store.close();
    }
  });

  it("AWS IP ranges loaded into ClickHouse are the snapshot's prefixes", async () => {
    const store = await open("ranges");
    const dir = tempDir();
    try {
      const update = await withEnrichmentTables(store, (tables) =>
        loadIpRanges(
          tables,
          {
            file: parseIpRangesFile(snapshotText(), SNAPSHOT_PATH),
            text: snapshotText(),
            source: SNAPSHOT_PATH,
          },
          { cacheDir: dir },
        ),
      );
      const stored = await store.value<number>("SELECT count() FROM aws_ip_ranges");
      expect(stored).toBe(update.ipv4Prefixes + update.ipv6Prefixes);
      expect(await store.value<string>("SELECT toString(max(create_date)) FROM aws_ip_ranges_source")).toBe(
        "2026-08-22 15:17:05",
      );
    } finally {
      await store.close();
    }
  });
});
