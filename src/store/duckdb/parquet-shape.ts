/**
 * Reads a Parquet object's columns (from its footer only) and maps them onto the field catalog: VPC Flow
 * Logs writes the field names with underscores (`account_id`, `log_status`, ...).
 */
import { formatFromColumns, type LogFormat } from "../../records/log-format.js";
import type { DuckDbStore } from "./duckdb-store.js";
import { quoteString } from "./flow-insert-sql.js";

export interface ParquetShape {
  readonly format: LogFormat;
  /** Column name → DuckDB type as read. */
  readonly types: ReadonlyMap<string, string>;
}

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
