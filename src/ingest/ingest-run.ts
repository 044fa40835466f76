/**
 * One ingest run as recorded in `ingest_runs`: started before anything loads, finished with the counts.
 * A run killed midway stays unfinished in the log; the objects it committed are in the ledger.
 */
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";

export interface IngestFailure {
  readonly uri: string;
  readonly error: string;
}

export interface IngestSummary {
  readonly runId: number;
  readonly objectsSeen: number;
  readonly objectsLoaded: number;
  readonly objectsSkipped: number;
  readonly objectsFailed: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly failures: readonly IngestFailure[];
  /** Objects with quarantined lines, and how many. */
  readonly rejectsByObject: readonly { uri: string; rejected: number }[];
  /** Field names the catalog does not know; their values were kept as text in extra_fields. */
  readonly unknownFields: readonly string[];
  readonly seconds: number;
}

/** What a run has done so far; the loaders add to it as they go. */
export interface RunTally {
  readonly runId: number;
  readonly objectsSeen: number;
  readonly startedAt: number;
  loaded: number;
  skipped: number;
  rows: number;
  rejected: number;
  readonly failures: IngestFailure[];
  readonly rejectsByObject: { uri: string; rejected: number }[];
  readonly unknownFields: Set<string>;
}

export async function startRun(store: DuckDbStore, command: string, objectsSeen: number): Promise<RunTally> {
  const runId = await store.value<number>("SELECT nextval('run_ids')");
  await store.run(
    "INSERT INTO ingest_runs (run_id, started_at, command, objects_seen) VALUES ($1, now()::TIMESTAMP, $2, $3)",
    [runId, command, objectsSeen],
  );
  return {
    runId,
    objectsSeen,
    startedAt: performance.now(),
    loaded: 0,
    skipped: 0,
    rows: 0,
    rejected: 0,
    failures: [],
    rejectsByObject: [],
    unknownFields: new Set<string>(),
  };
}

export async function finishRun(
  store: DuckDbStore,
  run: Awaited<ReturnType<typeof startRun>>,
): Promise<IngestSummary> {
  await store.run(
    `UPDATE ingest_runs SET finished_at = now()::TIMESTAMP, objects_loaded = $2, objects_skipped = $3,
       objects_failed = $4, rows_loaded = $5, rows_rejected = $6 WHERE run_id = $1`,
    [run.runId, run.loaded, run.skipped, run.failures.length, run.rows, run.rejected],
  );
  return {
    runId: run.runId,
    objectsSeen: run.objectsSeen,
    objectsLoaded: run.loaded,
    objectsSkipped: run.skipped,
    objectsFailed: run.failures.length,
    rowsLoaded: run.rows,
    rowsRejected: run.rejected,
    failures: run.failures,
    rejectsByObject: run.rejectsByObject,
    unknownFields: [...run.unknownFields].sort(),
    seconds: (performance.now() - run.startedAt) / 1000,
  };
}
