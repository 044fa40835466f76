/** A fresh store in a test's temporary directory, closed when the test ends. */
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { tempDir } from "../helpers/temp-dir.js";

export async function openTestStore(dir = tempDir()): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(join(dir, "flowlens.duckdb"));
  onTestFinished(() => store.close());
  return store;
}
