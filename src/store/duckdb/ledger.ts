/**
 * The ledger: one `sources` row per object ever seen (file, S3 key), keyed by URI. It decides what a run
 * loads — new objects, changed ones (size or fingerprint differ) and ones that failed before — and it is
 * updated in the same transaction as the rows an object contributes, so it never disagrees with `flows`.
 */
import type { SourceObject } from "../../sources/source-object.js";
import type { LedgerStatus } from "../schema.js";
import type { DuckDbStore } from "./duckdb-store.js";

export interface LedgerEntry {
  readonly sourceId: number;
  readonly uri: string;
  readonly size: number;
  readonly fingerprint: string;
  readonly status: LedgerStatus;
}

export type PlannedObject = { object: SourceObject; existing: LedgerEntry | undefined };

export interface IngestPlan {
  /** New, changed or previously failed objects, in discovery order. */
  readonly toLoad: PlannedObject[];
  /** Objects already loaded with the same size and fingerprint. */
  readonly unchanged: SourceObject[];
}

/** Writes rows into a fresh temporary table through DuckDB's appender. */
export async function fillTempTable(
  store: DuckDbStore,
  table: string,
  columns: string,
  rows: readonly (readonly (string | number | null)[])[],
): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${table} (${columns})`);
  const appender = await store.connection.createAppender(table);
  for (const row of rows) {
    for (const value of row) {
      if (value === null) appender.appendNull();
      else if (typeof value === "number") appender.appendBigInt(BigInt(value));
      else appender.appendVarchar(value);
    }
    appender.endRow();
  }
  appender.closeSync();
}

/** Splits discovered objects into those to load and those the ledger already holds unchanged. */
export async function planIngest(store: DuckDbStore, objects: readonly SourceObject[]): Promise<IngestPlan> {
  await fillTempTable(
    store,
    "plan_uris",
    "uri VARCHAR",
    objects.map((o) => [o.uri]),
  );
  const rows = await store.rows<{
    source_id: number;
    uri: string;
    size: number;
    fingerprint: string;
    status: LedgerStatus;
  }>(
    `SELECT s.source_id, s.uri, s.size, s.fingerprint, s.status FROM sources s JOIN plan_uris p USING (uri)`,
  );
  const byUri = new Map(
    rows.map((r) => [
      r.uri,
      { sourceId: r.source_id, uri: r.uri, size: r.size, fingerprint: r.fingerprint, status: r.status },
    ]),
  );
  const plan: IngestPlan = { toLoad: [], unchanged: [] };
  for (const object of objects) {
    const existing = byUri.get(object.uri);
    const same =
      existing?.status === "loaded" &&
      existing.size === object.size &&
      existing.fingerprint === object.fingerprint;
    if (same) plan.unchanged.push(object);
    else plan.toLoad.push({ object, existing });
  }
  return plan;
}

/** Reserves ledger ids for objects that have none yet. */
export async function reserveSourceIds(store: DuckDbStore, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await store.rows<{ id: number }>(`SELECT nextval('source_ids') AS id FROM range(${count})`);
  return rows.map((r) => r.id);
}

export interface LedgerWrite {
  readonly sourceId: number;
  readonly object: SourceObject;
  readonly kind: string | null;
  readonly logFormat: string | null;
  readonly status: LedgerStatus;
  readonly rowCount: number;
  readonly rejectedCount: number;
  readonly error: string | null;
  readonly runId: number;
}

/** Inserts or replaces ledger rows (call inside the transaction that changed the object's rows). */
export async function writeLedger(store: DuckDbStore, writes: readonly LedgerWrite[]): Promise<void> {
  for (const w of writes) {
    await store.run(
      `INSERT INTO sources VALUES ($source_id, $uri, $size, $fingerprint, $kind, $log_format, $account_id, $region,
         CAST($key_date AS DATE), $status, $row_count, $rejected_count, $error, $run_id, now()::TIMESTAMP)
       ON CONFLICT (source_id) DO UPDATE SET size = excluded.size, fingerprint = excluded.fingerprint,
         kind = excluded.kind, log_format = excluded.log_format, account_id = excluded.account_id,
         region = excluded.region, key_date = excluded.key_date, status = excluded.status,
         row_count = excluded.row_count, rejected_count = excluded.rejected_count, error = excluded.error,
         run_id = excluded.run_id, loaded_at = excluded.loaded_at`,
      {
        source_id: w.sourceId,
        uri: w.object.uri,
        size: w.object.size,
        fingerprint: w.object.fingerprint,
        kind: w.kind,
        log_format: w.logFormat,
        account_id: w.object.key.accountId ?? null,
        region: w.object.key.region ?? null,
        key_date: w.object.key.date ?? null,
        status: w.status,
        row_count: w.rowCount,
        rejected_count: w.rejectedCount,
        error: w.error,
        run_id: w.runId,
      },
    );
  }
}
