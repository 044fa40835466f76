/**
 * Reads a Parquet object's columns (from its footer only) and maps them onto the field catalog: VPC Flow
 * Logs writes the field names with underscores (`account_id`, `log_status`, ...). An object whose columns
 * are not flow log columns, or hold another type than the catalog's, is refused with a sentence naming the
 * column and the type expected, before any of its rows is read.
 */
import { fieldByName } from "../../records/fields.js";
import { formatFromColumns, type LogFormat } from "../../records/log-format.js";
import type { DuckDbStore } from "./duckdb-store.js";
import { quoteString } from "./flow-insert-sql.js";

export interface ParquetShape {
  readonly format: LogFormat;
  /** Column name → DuckDB type as read. */
  readonly types: ReadonlyMap<string, string>;
}

const WHOLE_NUMBER_TYPES = new Set([
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
  "UBIGINT",
]);

/** The columns of one or more Parquet objects (their union by name), read from the footers only. */
export async function readParquetShape(store: DuckDbStore, paths: readonly string[]): Promise<ParquetShape> {
  const rows = await store.rows<{ column_name: string; column_type: string }>(
    `DESCRIBE SELECT * FROM read_parquet([${paths.map(quoteString).join(", ")}], union_by_name = true, hive_partitioning = false)`,
  );
  const columns = rows.map((r) => r.column_name);
  return {
    format: formatFromColumns(columns),
    types: new Map(rows.map((r) => [r.column_name, r.column_type])),
  };
}

/**
 * Why a Parquet object cannot load as flow records, or null when it can: it has no flow log column, or a
 * catalog column holds a type the field cannot (numbers stored as text, text stored as numbers).
 */
export function parquetColumnsProblem(shape: ParquetShape): string | null {
  const columns = [...shape.types.keys()];
  const known = columns.filter((c) => fieldByName(c));
  if (known.length === 0) {
    const found = columns.slice(0, 8).join(", ");
    return `has none of the flow log columns (found ${found}${columns.length > 8 ? ", …" : ""})`;
  }
  for (const column of known) {
    const type = shape.types.get(column) ?? "";
    const text = fieldByName(column)?.type === "string";
    if (text ? type !== "VARCHAR" : !WHOLE_NUMBER_TYPES.has(type)) {
      const wanted = text ? "text (a UTF-8 string)" : "a whole number (INT32 or INT64)";
      return `has column ${column} of type ${type}; flowlens expects ${wanted} there`;
    }
  }
  return null;
}
