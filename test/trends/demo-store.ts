/**
 * A demo data set generated, ingested, with its inventory imported and AWS's IP ranges loaded (the test
 * snapshot), in-process: what `flowlens demo` leaves behind, for tests below the CLI. The caller closes it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { updateIpRanges } from "../../src/enrich/aws-ip-ranges/update-ip-ranges.js";
import { importInventoryFile } from "../../src/enrich/inventory/load-inventory-file.js";
import { type DemoOptions, generateDemo } from "../../src/sources/demo/generate-demo.js";
import { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import { SNAPSHOT_PATH } from "../enrich/aws-ip-ranges-snapshot.js";
import { ingestFiles } from "../helpers/ingest-files.js";

export interface DemoStore {
  readonly store: DuckDbStore;
  /** ground-truth.json, parsed. */
  readonly truth: Record<string, unknown> & { days: Record<string, unknown>[] };
  readonly inventoryPath: string;
}

export async function demoStore(dir: string, options: Omit<DemoOptions, "outDir">): Promise<DemoStore> {
  const outDir = join(dir, "demo");
  const demo = await generateDemo({ outDir, ...options });
  const store = await DuckDbStore.open(join(dir, "demo.duckdb"));
  await ingestFiles(store, [outDir]);
  await importInventoryFile(store, demo.inventoryPath);
  await updateIpRanges(store, { file: SNAPSHOT_PATH, cacheDir: join(dir, "cache") });
  return {
    store,
    truth: JSON.parse(readFileSync(demo.groundTruthPath, "utf8")),
    inventoryPath: demo.inventoryPath,
  };
}
