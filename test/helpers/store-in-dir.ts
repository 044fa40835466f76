/** Opens `<dir>/flowlens.duckdb`, runs fn with it and closes it, also when fn throws. */
import { join } from "node:path";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";

export async function withStoreIn<T>(dir: string, fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
  const store = await DuckDbStore.open(join(dir, "flowlens.duckdb"));
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** Puts a store back into the layout before schema version 3: `flows` a table, no view. */
export async function withFlowsTableAsBefore(store: DuckDbStore, schemaVersion: number): Promise<void> {
  await store.run("DROP VIEW flows");
  await store.run("ALTER TABLE flow_records RENAME TO flows");
  await store.run(`UPDATE flowlens_meta SET value = '${schemaVersion}' WHERE key = 'schema_version'`);
}
