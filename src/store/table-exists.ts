/** Whether the store has a table or view (in DuckDB's `main`, or ClickHouse's database): tables made on first write may be missing from a read-only store. */
import type { Store } from "./store.js";

export async function tableExists(store: Store, name: string): Promise<boolean> {
  if (store.dialect.name === "clickhouse") {
    const n = await store.value<number>(
      "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = $name",
      { name },
    );
    return Number(n) > 0;
  }
  const n = await store.value<number>(
    `SELECT count(*)::INTEGER FROM (
       SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND database_name <> 'temp'
       UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND database_name <> 'temp')
     WHERE name = $name`,
    { name },
  );
  return n > 0;
}
