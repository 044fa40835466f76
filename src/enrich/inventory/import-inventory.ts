/**
 * Loads an inventory snapshot into the store in one transaction. For each table: the rows of the
 * snapshot's scopes (account, region) are deleted, with any row naming a resource the scopes now
 * describe; then the snapshot's rows go in. Rows owned by an account outside the scopes go in only when
 * no row names that resource yet. So importing the same snapshot twice leaves the same rows, and a sync of
 * one account never removes another account's rows.
 */
import { type DuckDBAppender, LIST, VARCHAR } from "@duckdb/node-api";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { type InventoryScope, type InventorySnapshot, scopeKey } from "./inventory-snapshot.js";
import { countInventory, type InventoryCountsRow } from "./inventory-summary.js";
import {
  type ColumnType,
  columnName,
  ensureInventoryTables,
  INVENTORY_SOURCES,
  INVENTORY_TABLE_NAMES,
  INVENTORY_TABLES,
  type TableSpec,
} from "./inventory-tables.js";

const SCOPES = "inventory_import_scopes";
const VARCHAR_LIST = LIST(VARCHAR);

/**
 * @returns the rows the store now holds per (account, region) pair of the snapshot
 * @example await importInventory(store, inventoryFromFile(file, "inventory.json"))
 */
export async function importInventory(
  store: DuckDbStore,
  snapshot: InventorySnapshot,
): Promise<InventoryCountsRow[]> {
  await ensureInventoryTables(store);
  await store.transaction(async () => {
    await stageRows(
      store,
      SCOPES,
      { accountId: "VARCHAR NOT NULL", region: "VARCHAR NOT NULL" },
      snapshot.scopes,
    );
    for (const name of INVENTORY_TABLE_NAMES) {
      await replaceRows(store, INVENTORY_TABLES[name], snapshot[name]);
    }
    await store.run(
      `DELETE FROM ${INVENTORY_SOURCES.table} t USING ${SCOPES} s
       WHERE t.account_id = s.account_id AND t.region = s.region`,
    );
    await store.run(
      `INSERT INTO ${INVENTORY_SOURCES.table} SELECT account_id, region, $source, now() AT TIME ZONE 'UTC' FROM ${SCOPES}`,
      { source: snapshot.source },
    );
    await store.run(`DROP TABLE ${SCOPES}`);
  });
  return countInventory(store, pairsOf(snapshot));
}

async function replaceRows(store: DuckDbStore, spec: TableSpec, rows: readonly object[]): Promise<void> {
  const staged = `staged_${spec.table}`;
  await stageRows(store, staged, spec.columns, rows);
  const sameKey = (a: string, b: string) =>
    spec.key.map((k) => `${a}.${columnName(k)} = ${b}.${columnName(k)}`).join(" AND ");
  const inScope = (alias: string) =>
    `EXISTS (SELECT 1 FROM ${SCOPES} s WHERE s.account_id = ${alias}.account_id AND s.region = ${alias}.region)`;
  await store.run(
    `DELETE FROM ${spec.table} t
     WHERE ${inScope("t")} OR EXISTS (SELECT 1 FROM ${staged} n WHERE ${sameKey("n", "t")} AND ${inScope("n")})`,
  );
  await store.run(
    `INSERT INTO ${spec.table} SELECT n.* FROM ${staged} n
     WHERE ${inScope("n")} OR NOT EXISTS (SELECT 1 FROM ${spec.table} t WHERE ${sameKey("n", "t")})`,
  );
  await store.run(`DROP TABLE ${staged}`);
}

/** Writes rows into a fresh temporary table through DuckDB's appender, columns in the spec's order. */
async function stageRows(
  store: DuckDbStore,
  table: string,
  columns: Readonly<Record<string, ColumnType>>,
  rows: readonly object[],
): Promise<void> {
  const entries = Object.entries(columns);
  // Constraints stay on the real table; the staged copy takes whatever the snapshot holds.
  const ddl = entries.map(([key, type]) => `${columnName(key)} ${type.replace(" NOT NULL", "")}`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${table} (${ddl.join(", ")})`);
  const appender = await store.connection.createAppender(table);
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    for (const [key, type] of entries) appendValue(appender, type, values[key]);
    appender.endRow();
  }
  appender.closeSync();
}

function appendValue(appender: DuckDBAppender, type: ColumnType, value: unknown): void {
  if (value === null || value === undefined) appender.appendNull();
  else if (type === "VARCHAR[]") appender.appendList(value as string[], VARCHAR_LIST);
  else if (type === "BOOLEAN") appender.appendBoolean(value as boolean);
  else appender.appendVarchar(String(value));
}

/** Every (account, region) pair the snapshot has rows for, its scopes first. */
function pairsOf(snapshot: InventorySnapshot): InventoryScope[] {
  const pairs = new Map(snapshot.scopes.map((s) => [scopeKey(s), s]));
  for (const name of INVENTORY_TABLE_NAMES) {
    for (const row of snapshot[name]) {
      const { accountId, region } = row as { accountId: string; region: string };
      pairs.set(scopeKey({ accountId, region }), { accountId, region });
    }
  }
  return [...pairs.values()];
}
