/** What the inventory tables hold: rows per account and region, ENIs per kind, and where rows came from. */
import { listValue } from "@duckdb/node-api";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { type InventoryScope, scopeKey } from "./inventory-snapshot.js";
import {
  columnName,
  hasInventoryTables,
  INVENTORY_SOURCES,
  INVENTORY_TABLE_NAMES,
  INVENTORY_TABLES,
} from "./inventory-tables.js";

/** Rows per table for one account in one region. */
export type InventoryCountsRow = {
  readonly account_id: string;
  readonly region: string;
  readonly azs: number;
  readonly vpcs: number;
  readonly subnets: number;
  readonly route_tables: number;
  readonly enis: number;
  readonly nat_gateways: number;
  readonly vpc_endpoints: number;
};

export type EniKindRow = {
  readonly kind: string;
  readonly enis: number;
};

export type InventorySourceRow = {
  readonly account_id: string;
  readonly region: string;
  readonly source: string;
  readonly imported_at: string;
};

export interface InventorySummary {
  readonly counts: InventoryCountsRow[];
  readonly enisByKind: EniKindRow[];
  readonly sources: InventorySourceRow[];
}

/**
 * Rows per table for each (account, region) pair, ordered by account and region.
 * @param scopes only these pairs @default every pair in the store
 */
export async function countInventory(
  store: DuckDbStore,
  scopes?: readonly InventoryScope[],
): Promise<InventoryCountsRow[]> {
  const union = INVENTORY_TABLE_NAMES.map(
    (name) => `SELECT account_id, region, '${name}' AS what FROM ${INVENTORY_TABLES[name].table}`,
  ).join(" UNION ALL ");
  const counts = INVENTORY_TABLE_NAMES.map(
    (name) => `count(*) FILTER (WHERE what = '${name}') AS ${columnName(name)}`,
  );
  const where = scopes ? "WHERE list_contains($pairs, account_id || ' ' || region)" : "";
  return store.rows<InventoryCountsRow>(
    `SELECT account_id, region, ${counts.join(", ")} FROM (${union}) ${where}
     GROUP BY account_id, region ORDER BY account_id, region`,
    scopes ? { pairs: listValue(scopes.map(scopeKey)) } : undefined,
  );
}

/** Everything `flowlens inventory show` prints; empty when nothing was imported yet. */
export async function readInventorySummary(store: DuckDbStore): Promise<InventorySummary> {
  if (!(await hasInventoryTables(store))) return { counts: [], enisByKind: [], sources: [] };
  return {
    counts: await countInventory(store),
    enisByKind: await store.rows<EniKindRow>(
      `SELECT kind, count(*) AS enis FROM ${INVENTORY_TABLES.enis.table} GROUP BY kind ORDER BY enis DESC, kind`,
    ),
    sources: await store.rows<InventorySourceRow>(
      `SELECT account_id, region, source, strftime(imported_at, '%Y-%m-%dT%H:%M:%SZ') AS imported_at
       FROM ${INVENTORY_SOURCES.table} ORDER BY account_id, region`,
    ),
  };
}
