/**
 * Insights join flows to the inventory and to the `addresses` classification. A store that has never had
 * an inventory imported or IP ranges loaded lacks those tables; on DuckDB they stand in as empty
 * temporary tables (allowed in a read-only store), on ClickHouse (no temporary tables between calls) as
 * empty tables of the store, so every insight's SQL runs and says what it could not attribute instead of
 * failing.
 */
import { INVENTORY_SOURCES, INVENTORY_TABLES, tableDdl } from "../enrich/inventory/inventory-tables.js";
import type { ClickHouseStore } from "../store/clickhouse/clickhouse-store.js";
import type { Store } from "../store/store.js";

export interface EnrichmentState {
  /** An inventory was imported or synced. */
  readonly inventory: boolean;
  /** Addresses were classified (with or without AWS IP ranges). */
  readonly addresses: boolean;
}

const ADDRESSES_STAND_IN = `CREATE TEMP TABLE IF NOT EXISTS addresses (
  address VARCHAR, ip_version TINYINT, address_class VARCHAR, private_range VARCHAR,
  aws_service VARCHAR, aws_region VARCHAR, aws_prefix VARCHAR, ranges_create_date TIMESTAMP, vpc_blocks_key VARCHAR
)`;

const TABLE_EXISTS = {
  duckdb: "SELECT count(*) FROM duckdb_tables() WHERE table_name = $table",
  clickhouse: "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = $table",
} as const;

async function exists(store: Store, table: string): Promise<boolean> {
  return (await store.value<number>(TABLE_EXISTS[store.dialect.name], { table })) > 0;
}

export async function ensureEnrichmentTables(store: Store): Promise<EnrichmentState> {
  const inventory =
    (await exists(store, INVENTORY_SOURCES.table)) &&
    (store.dialect.name === "duckdb" ||
      (await store.value<number>(`SELECT count() FROM ${INVENTORY_SOURCES.table}`)) > 0);
  const addresses = await exists(store, "addresses");
  if (store.dialect.name === "clickhouse") {
    const { ensureClickHouseAddresses } = await import("../store/clickhouse/enrichment-addresses.js");
    await ensureClickHouseAddresses(store as ClickHouseStore);
    return { inventory, addresses };
  }
  if (!inventory) {
    for (const spec of [...Object.values(INVENTORY_TABLES), INVENTORY_SOURCES]) {
      await store.run(
        tableDdl(spec).replace("CREATE TABLE IF NOT EXISTS", "CREATE TEMP TABLE IF NOT EXISTS"),
      );
    }
  }
  if (!addresses) await store.run(ADDRESSES_STAND_IN);
  return { inventory, addresses };
}
