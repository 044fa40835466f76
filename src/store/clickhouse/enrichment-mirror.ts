/**
 * The enrichment tables on ClickHouse: the inventory (`inventory_*`, `inventory_sources`,
 * `inventory_changes`) and the AWS IP ranges (`aws_ip_ranges`, `aws_ip_ranges_source`), with the same
 * names and columns as on DuckDB, on the server the store URL names. They are small, and the code that
 * fills them (the inventory importer with its diff, the IP-ranges loader) is DuckDB's, so ClickHouse does
 * not get a second copy of it: `withEnrichmentMirror` copies the tables into an in-memory DuckDB store,
 * runs the DuckDB code there, and writes every table back, each swapped in whole by one RENAME so a
 * reader sees the old rows or the new ones. The ClickHouse columns are derived from DuckDB's
 * (VARCHAR → String, VARCHAR[] → Array(String), BOOLEAN → UInt8, TIMESTAMP → DateTime('UTC'), nullable
 * unless NOT NULL; a NULL list is stored as an empty array, since ClickHouse has no nullable arrays).
 */
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureIpRangesTables } from "../../enrich/aws-ip-ranges/ip-ranges-tables.js";
import { INVENTORY_CHANGES_DDL } from "../../enrich/inventory/inventory-changes.js";
import { ensureInventoryTables } from "../../enrich/inventory/inventory-tables.js";
import { DuckDbStore } from "../duckdb/duckdb-store.js";
import type { JsonRow } from "../store.js";
import type { ClickHouseStore } from "./clickhouse-store.js";

interface MirrorColumn {
  readonly name: string;
  /** DuckDB's type, as duckdb_columns() names it. */
  readonly duckType: string;
  readonly nullable: boolean;
}

const CLICKHOUSE_TYPE: Record<string, string> = {
  VARCHAR: "String",
  BOOLEAN: "UInt8",
  TINYINT: "Int8",
  SMALLINT: "Int16",
  INTEGER: "Int32",
  BIGINT: "Int64",
  TIMESTAMP: "DateTime('UTC')",
  DATE: "Date",
};

/** The ClickHouse type of a DuckDB column. */
export function clickHouseColumnType(column: MirrorColumn): string {
  if (column.duckType.endsWith("[]")) {
    return `Array(${CLICKHOUSE_TYPE[column.duckType.slice(0, -2)] ?? "String"})`;
  }
  const type = CLICKHOUSE_TYPE[column.duckType] ?? "String";
  return column.nullable ? `Nullable(${type})` : type;
}

/** Creates the enrichment tables in a DuckDB store, as DuckDB's own code does. */
async function createDuckDbTables(duck: DuckDbStore): Promise<void> {
  await ensureInventoryTables(duck);
  await duck.run(INVENTORY_CHANGES_DDL);
  await ensureIpRangesTables(duck);
}

/** Every enrichment table (`inventory_*`, `aws_ip_ranges*`) with its DuckDB columns, in order. */
async function mirroredTables(duck: DuckDbStore): Promise<Map<string, MirrorColumn[]>> {
  const rows = await duck.rows<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: boolean;
  }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns()
     WHERE database_name = current_database() AND NOT internal
       AND (starts_with(table_name, 'inventory_') OR starts_with(table_name, 'aws_ip_ranges'))
     ORDER BY table_name, column_index`,
  );
  const tables = new Map<string, MirrorColumn[]>();
  for (const r of rows) {
    const columns = tables.get(r.table_name) ?? [];
    columns.push({ name: r.column_name, duckType: r.data_type, nullable: r.is_nullable });
    tables.set(r.table_name, columns);
  }
  return tables;
}

function ddl(table: string, columns: readonly MirrorColumn[]): string {
  const list = columns.map((c) => `${c.name} ${clickHouseColumnType(c)}`).join(", ");
  return `CREATE TABLE IF NOT EXISTS ${table} (${list}) ENGINE = MergeTree() ORDER BY tuple()`;
}

/** Creates the enrichment tables on ClickHouse when they are missing (empty: no inventory, no ranges). */
export async function ensureClickHouseEnrichmentTables(store: ClickHouseStore): Promise<void> {
  const duck = await DuckDbStore.open(":memory:");
  try {
    await createDuckDbTables(duck);
    for (const [table, columns] of await mirroredTables(duck)) await store.run(ddl(table, columns));
  } finally {
    duck.close();
  }
}

/** A ClickHouse row as DuckDB's read_json takes it: 1/0 as booleans. */
function toDuckDb(row: JsonRow, columns: readonly MirrorColumn[]): JsonRow {
  const out: JsonRow = {};
  for (const c of columns) {
    const value = row[c.name];
    out[c.name] = c.duckType === "BOOLEAN" && typeof value === "number" ? value !== 0 : value;
  }
  return out;
}

/** A DuckDB row as ClickHouse's JSONEachRow takes it: no NULL lists, timestamps to the second. */
function toClickHouse(row: JsonRow, columns: readonly MirrorColumn[]): JsonRow {
  const out: JsonRow = {};
  for (const c of columns) {
    const value = row[c.name];
    if (c.duckType.endsWith("[]")) out[c.name] = value ?? [];
    else if (c.duckType === "TIMESTAMP" && typeof value === "string") out[c.name] = value.slice(0, 19);
    else out[c.name] = value;
  }
  return out;
}

async function copyIntoDuckDb(
  store: ClickHouseStore,
  duck: DuckDbStore,
  table: string,
  columns: readonly MirrorColumn[],
): Promise<void> {
  const rows = await store.rows(`SELECT ${columns.map((c) => c.name).join(", ")} FROM ${table}`);
  if (rows.length === 0) return;
  const file = join(tmpdir(), `flowlens-mirror-${randomUUID()}.ndjson`);
  try {
    writeFileSync(file, `${rows.map((r) => JSON.stringify(toDuckDb(r, columns))).join("\n")}\n`);
    const types = columns.map((c) => `'${c.name}': '${c.duckType}'`).join(", ");
    await duck.run(
      `INSERT INTO ${table} SELECT * FROM read_json($file, format = 'newline_delimited', columns = {${types}})`,
      { file },
    );
  } finally {
    rmSync(file, { force: true });
  }
}

/** Replaces a ClickHouse table's rows by the DuckDB table's, swapped in by one RENAME. */
async function copyIntoClickHouse(
  store: ClickHouseStore,
  duck: DuckDbStore,
  table: string,
  columns: readonly MirrorColumn[],
): Promise<void> {
  const fresh = `${table}_new`;
  const old = `${table}_old`;
  await store.run(`DROP TABLE IF EXISTS ${fresh}`);
  await store.run(`DROP TABLE IF EXISTS ${old}`);
  await store.run(ddl(fresh, columns));
  const rows = await duck.rows(`SELECT * FROM ${table}`);
  await store.insertRows(
    fresh,
    rows.map((r) => toClickHouse(r, columns)),
  );
  await store.run(`RENAME TABLE ${table} TO ${old}, ${fresh} TO ${table}`);
  await store.run(`DROP TABLE ${old}`);
}

export interface MirrorOptions {
  /** `fn` only reads: nothing is written back. @default false */
  readonly readOnly?: boolean;
}

/**
 * Runs `fn` on an in-memory DuckDB store holding the ClickHouse store's enrichment tables, then writes
 * the tables back to ClickHouse. For the inventory importer and the IP-ranges loader, and (read-only)
 * for what `inventory show` and `ip-ranges show` print.
 */
export async function withEnrichmentMirror<T>(
  store: ClickHouseStore,
  fn: (duck: DuckDbStore) => Promise<T>,
  options: MirrorOptions = {},
): Promise<T> {
  await ensureClickHouseEnrichmentTables(store);
  const duck = await DuckDbStore.open(":memory:");
  try {
    await createDuckDbTables(duck);
    const tables = await mirroredTables(duck);
    for (const [table, columns] of tables) await copyIntoDuckDb(store, duck, table, columns);
    const result = await fn(duck);
    if (options.readOnly) return result;
    for (const [table, columns] of tables) await copyIntoClickHouse(store, duck, table, columns);
    return result;
  } finally {
    duck.close();
  }
}
