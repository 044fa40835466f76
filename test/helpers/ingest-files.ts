/** Ingests local paths into a store the way `flowlens ingest` does, for tests below the CLI. */
import { ingestObjects } from "../../src/ingest/ingest-objects.js";
import type { IngestSummary } from "../../src/ingest/ingest-run.js";
import type { LogFormat } from "../../src/records/log-format.js";
import { listLocalObjects } from "../../src/sources/files/list-local-objects.js";
import { LocalFileFetcher } from "../../src/sources/object-fetcher.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";

export async function ingestFiles(
  store: DuckDbStore,
  paths: string[],
  options: { logFormat?: LogFormat; batchObjects?: number } = {},
): Promise<IngestSummary> {
  return ingestObjects(store, await listLocalObjects(paths), {
    fetcher: new LocalFileFetcher(),
    command: "test",
    ...options,
  });
}
