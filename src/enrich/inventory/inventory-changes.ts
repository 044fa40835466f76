/**
 * The inventory's history: `inventory_changes` holds one row per change an import or sync found
 * (inventory-diff.ts), written in the import's own transaction, so the history and the inventory never
 * disagree. Trends read it to mark the time axis and to explain a before/after difference, on either
 * backend (`inventory-changes.duckdb.sql` / `.clickhouse.sql`; on ClickHouse the table is the enrichment
 * mirror's, store/clickhouse/enrichment-mirror.ts).
 */
import { readSql } from "../../insights/read-sql.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import type { Store } from "../../store/store.js";
import { tableExists } from "../../store/table-exists.js";
import type { InventoryChange } from "./inventory-diff.js";

export const INVENTORY_CHANGES_TABLE = "inventory_changes";

export const INVENTORY_CHANGES_DDL = `CREATE TABLE IF NOT EXISTS ${INVENTORY_CHANGES_TABLE} (
  changed_at TIMESTAMP NOT NULL, dated_by VARCHAR NOT NULL, account_id VARCHAR NOT NULL, region VARCHAR NOT NULL,
  kind VARCHAR NOT NULL, resource_id VARCHAR NOT NULL, change VARCHAR NOT NULL, target VARCHAR,
  detail VARCHAR NOT NULL, source VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL
)`;

/** `2026-11-20T00:00:00.000Z` as DuckDB reads a TIMESTAMP (UTC, no zone). */
function timestampText(iso: string): string {
  return iso.replace("T", " ").replace(/Z$/, "");
}

/** Appends changes (inside the caller's transaction). */
export async function recordInventoryChanges(
  store: DuckDbStore,
  changes: readonly InventoryChange[],
  source: string,
  recordedAt: string,
): Promise<void> {
  for (const c of changes) {
    await store.run(
      `INSERT INTO ${INVENTORY_CHANGES_TABLE} VALUES (
         CAST($at AS TIMESTAMP), $datedBy, $accountId, $region, $kind, $resourceId, $change, $target, $detail,
         $source, CAST($recordedAt AS TIMESTAMP))`,
      {
        at: timestampText(c.at),
        datedBy: c.datedBy,
        accountId: c.accountId,
        region: c.region,
        kind: c.kind,
        resourceId: c.resourceId,
        change: c.change,
        target: c.target,
        detail: c.detail,
        source,
        recordedAt: timestampText(recordedAt),
      },
    );
  }
}

/**
 * The changes dated within the days from `from` to `to` (UTC, both included), oldest first; none when the
 * store has no history yet.
 */
export async function readInventoryChanges(
  store: Store,
  range: { readonly from: string; readonly to: string },
): Promise<InventoryChange[]> {
  if (!(await tableExists(store, INVENTORY_CHANGES_TABLE))) return [];
  return store.rows<InventoryChange & Record<string, unknown>>(
    readSql(import.meta.url, "inventory-changes.sql", store.dialect.name),
    { from: range.from, to: range.to },
  );
}
