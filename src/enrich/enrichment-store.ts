/**
 * The enrichment tables (inventory, AWS IP ranges, `addresses`) on whichever backend holds the store.
 * DuckDB's code fills them; on ClickHouse the same code runs on a mirror of the tables
 * (store/clickhouse/enrichment-mirror.ts), and addresses are classified by the same classifier
 * (store/clickhouse/enrichment-addresses.ts), so both backends hold the same enrichment.
 */
import type { ClickHouseStore } from "../store/clickhouse/clickhouse-store.js";
import type { MirrorOptions } from "../store/clickhouse/enrichment-mirror.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import type { Store } from "../store/store.js";
import { type AddressesRefresh, refreshAddresses } from "./addresses.js";

/** Runs DuckDB's enrichment code (an import, a sync, an IP-ranges load, a summary) against the store's tables. */
export async function withEnrichmentTables<T>(
  store: Store,
  fn: (duck: DuckDbStore) => Promise<T>,
  options: MirrorOptions = {},
): Promise<T> {
  if (store.dialect.name === "duckdb") return fn(store as DuckDbStore);
  const { withEnrichmentMirror } = await import("../store/clickhouse/enrichment-mirror.js");
  return withEnrichmentMirror(store as ClickHouseStore, fn, options);
}

/** Brings `addresses` up to date with the store's flows, IP ranges and VPC blocks. */
export async function refreshStoreAddresses(store: Store): Promise<AddressesRefresh> {
  if (store.dialect.name === "duckdb") return refreshAddresses(store as DuckDbStore);
  const { refreshClickHouseAddresses } = await import("../store/clickhouse/enrichment-addresses.js");
  return refreshClickHouseAddresses(store as ClickHouseStore);
}
