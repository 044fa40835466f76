/**
 * Ingest into a ClickHouse store. DuckDB stays the parser: the objects go through the same pipeline as
 * a DuckDB ingest (ingest-objects.ts: ledger plan, fast and careful paths, quarantine), into a scratch
 * DuckDB store in a temporary directory whose ledger is seeded from ClickHouse's; each chunk it commits
 * is shipped to ClickHouse as one load (store/clickhouse/ship-loads.ts: sent while the next chunk is
 * parsed) and dropped from the scratch store, so memory is DuckDB's limit and disk about two chunks. The
 * scratch store lives in a staging directory. The run is recorded in ClickHouse's ingest_runs.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { SourceObject } from "../sources/source-object.js";
import { makeStagingDir } from "../sources/staging-dir.js";
import type { ClickHouseStore } from "../store/clickhouse/clickhouse-store.js";
import { nowText } from "../store/clickhouse/init-store.js";
import { InsertLanes } from "../store/clickhouse/insert-lanes.js";
import { LoadShipper } from "../store/clickhouse/ship-loads.js";
import { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { type IngestOptions, ingestObjects } from "./ingest-objects.js";
import type { IngestSummary } from "./ingest-run.js";

/** Compressed bytes per load: a quarter of DuckDB's, since each chunk is also written out once as CSV. @default 64 MiB */
export const CLICKHOUSE_BATCH_BYTES = 64 * 2 ** 20;

export interface ClickHouseIngestOptions extends IngestOptions {
  /** The parser's DuckDB memory limit and threads. */
  readonly memoryLimit?: string;
  readonly threads?: number;
}

export async function ingestToClickHouse(
  store: ClickHouseStore,
  objects: readonly SourceObject[],
  options: ClickHouseIngestOptions,
): Promise<IngestSummary> {
  const runId = Number((await store.value<number>("SELECT max(run_id) FROM ingest_run_versions")) ?? 0) + 1;
  const startedAt = nowText();
  await store.insertRows("ingest_run_versions", [
    {
      run_id: runId,
      started_at: startedAt,
      command: options.command,
      objects_seen: objects.length,
      written: 1,
    },
  ]);
  // A staging directory: one a killed run left behind is removed by the next run (staging-dir.ts).
  const workDir = makeStagingDir();
  const parser = await DuckDbStore.open(join(workDir, "parser.duckdb"), {
    memoryLimit: options.memoryLimit,
    threads: options.threads,
  });
  let lanes: InsertLanes | undefined;
  let shipper: LoadShipper | undefined;
  try {
    lanes = await InsertLanes.open(store);
    const ship = new LoadShipper(parser, store, lanes, workDir, runId);
    shipper = ship;
    await ship.seed(objects.map((o) => o.uri));
    const summary = await ingestObjects(parser, objects, {
      batchBytes: CLICKHOUSE_BATCH_BYTES,
      ...options,
      onChunkCommitted: async () => {
        await ship.ship();
      },
    });
    // Objects that failed before any chunk loaded (unreadable, refused) are in the ledger too.
    await ship.ship();
    await ship.flush();
    await store.insertRows("ingest_run_versions", [
      {
        run_id: runId,
        started_at: startedAt,
        finished_at: nowText(),
        command: options.command,
        objects_seen: summary.objectsSeen,
        objects_loaded: summary.objectsLoaded,
        objects_skipped: summary.objectsSkipped,
        objects_failed: summary.objectsFailed,
        rows_loaded: summary.rowsLoaded,
        rows_rejected: summary.rowsRejected,
        written: 2,
      },
    ]);
    return summary;
  } finally {
    // A load still being sent reads files in the staging directory: it ends (or fails) before that goes.
    await shipper?.flush().catch(() => undefined);
    await lanes?.close();
    parser.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
