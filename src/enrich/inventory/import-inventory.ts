/**
 * Loads an inventory snapshot into the store in one transaction. For each table: the rows of the
 * snapshot's scopes (account, region) are deleted, with any row naming a resource the scopes now
 * describe; then the snapshot's rows go in. Rows owned by an account outside the scopes go in only when
 * no row names that resource yet. So importing the same snapshot twice leaves the same rows, and a sync of
 * one account never removes another account's rows. In the same transaction, what changed against the
 * stored rows is appended to `inventory_changes` (inventory-diff.ts, inventory-changes.ts).
 */
import { type DuckDBAppender, LIST, VARCHAR } from "@duckdb/node-api";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { INVENTORY_CHANGES_DDL, recordInventoryChanges } from "./inventory-changes.js";
import { type DiffRows, diffInventory } from "./inventory-diff.js";
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

export interface ImportInventoryOptions {
  /** The moment of the import: inventory_sources' imported_at, and the date of undated changes. @default now */
  readonly now?: Date;
}

/**
 * @returns the rows the store now holds per (account, region) pair of the snapshot
 * @example await importInventory(store, inventoryFromFile(file, "inventory.json"))
 */
export async function importInventory(
  store: DuckDbStore,
  snapshot: InventorySnapshot,
  options: ImportInventoryOptions = {},
): Promise<InventoryCountsRow[]> {
  const importedAt = (options.now ?? new Date()).toISOString();
  await ensureInventoryTables(store);
  await store.run(INVENTORY_CHANGES_DDL);
  await store.transaction(async () => {
    await stageRows(
      store,
      SCOPES,
      { accountId: "VARCHAR NOT NULL", region: "VARCHAR NOT NULL" },
      snapshot.scopes,
    );
    const known = await store.rows<{ scope: string }>(
      `SELECT t.account_id || ' ' || t.region AS scope FROM ${INVENTORY_SOURCES.table} t
       JOIN ${SCOPES} s ON t.account_id = s.account_id AND t.region = s.region`,
    );
    const changes = diffInventory(await storedDiffRows(store), inScope(snapshot), {
      importedAt,
      createdAt: snapshot.createdAt,
      knownScopes: new Set(known.map((k) => k.scope)),
    });
    await recordInventoryChanges(store, changes, snapshot.source, importedAt);
    for (const name of INVENTORY_TABLE_NAMES) {
      await replaceRows(store, INVENTORY_TABLES[name], snapshot[name]);
    }
    await store.run(
      `DELETE FROM ${INVENTORY_SOURCES.table} t USING ${SCOPES} s
       WHERE t.account_id = s.account_id AND t.region = s.region`,
    );
    await store.run(
      `INSERT INTO ${INVENTORY_SOURCES.table} SELECT account_id, region, $source, CAST($importedAt AS TIMESTAMP) FROM ${SCOPES}`,
      { source: snapshot.source, importedAt: importedAt.replace("T", " ").replace(/Z$/, "") },
    );
    await store.run(`DROP TABLE ${SCOPES}`);
  });
  return countInventory(store, pairsOf(snapshot));
}

const DIFFED = ["natGateways", "vpcEndpoints", "routeTables", "subnets"] as const;

/** The snapshot's rows of its own scopes, for the tables a diff compares. */
function inScope(snapshot: InventorySnapshot): DiffRows {
  const scopes = new Set(snapshot.scopes.map(scopeKey));
  const keep = <T extends { accountId: string; region: string }>(rows: readonly T[]) =>
    rows.filter((r) => scopes.has(scopeKey(r)));
  return {
    natGateways: keep(snapshot.natGateways),
    vpcEndpoints: keep(snapshot.vpcEndpoints),
    routeTables: keep(snapshot.routeTables),
    subnets: keep(snapshot.subnets),
  };
}

/** The stored rows of the import's scopes (staged in SCOPES), camelCase, before they are replaced. */
async function storedDiffRows(store: DuckDbStore): Promise<DiffRows> {
  const read = async (name: (typeof DIFFED)[number]) => {
    const spec = INVENTORY_TABLES[name];
    const columns = Object.keys(spec.columns).map((key) => `t.${columnName(key)} AS "${key}"`);
    return store.rows(
      `SELECT ${columns.join(", ")} FROM ${spec.table} t
       JOIN ${SCOPES} s ON t.account_id = s.account_id AND t.region = s.region`,
    );
  };
  const rows: Record<string, unknown> = {};
  for (const name of DIFFED) rows[name] = await read(name);
  return rows as unknown as DiffRows;
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
