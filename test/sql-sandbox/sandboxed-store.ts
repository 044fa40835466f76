/** A store with a few flows, for the sandbox tests: written once, then opened in the sandbox. */
import { join } from "node:path";
import {
  openSandboxedStore,
  type SandboxedStoreOptions,
} from "../../src/sql-sandbox/open-sandboxed-store.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { writeDefaultLog } from "../helpers/flow-log-files.js";
import { ingestFiles } from "../helpers/ingest-files.js";

/** Writes `dir/s.duckdb` with 20 default-format records and returns its path. */
export async function storeWithFlows(dir: string): Promise<string> {
  const path = join(dir, "s.duckdb");
  const writer = await DuckDbStore.open(path);
  try {
    writeDefaultLog(join(dir, "a.log.gz"), 20);
    await ingestFiles(writer, [join(dir, "a.log.gz")]);
  } finally {
    writer.close();
  }
  return path;
}

export async function sandboxedStoreWithFlows(dir: string, options: SandboxedStoreOptions = {}) {
  return openSandboxedStore(await storeWithFlows(dir), options);
}
