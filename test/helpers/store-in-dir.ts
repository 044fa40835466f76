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
