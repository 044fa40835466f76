/**
 * Ingest into whichever store is open: DuckDB loads the objects itself (ingest-objects.ts); a ClickHouse
 * store gets them through a scratch DuckDB parser (ingest-to-clickhouse.ts). `flowlens ingest`, `daily`
 * and `serve`'s loader all come through here, so every command ingests the same way on every backend.
 */
import type { SourceObject } from "../sources/source-object.js";
import type { ClickHouseStore } from "../store/clickhouse/clickhouse-store.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import type { Store } from "../store/store.js";
import { ingestObjects } from "./ingest-objects.js";
import type { IngestSummary } from "./ingest-run.js";
import type { ClickHouseIngestOptions } from "./ingest-to-clickhouse.js";

export async function ingestToStore(
  store: Store,
  objects: readonly SourceObject[],
  options: ClickHouseIngestOptions,
): Promise<IngestSummary> {
  if (store.dialect.name === "clickhouse") {
    // Loaded only for a ClickHouse store, so the client costs DuckDB users no startup time.
    const { ingestToClickHouse } = await import("./ingest-to-clickhouse.js");
    return ingestToClickHouse(store as ClickHouseStore, objects, options);
  }
  const { memoryLimit: _memoryLimit, threads: _threads, ...duckDbOptions } = options;
  return ingestObjects(store as DuckDbStore, objects, duckDbOptions);
}
