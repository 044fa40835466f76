/**
 * The ledger: one `sources` row per object ever seen (file, S3 key), keyed by URI. It decides what a run
 * loads — new objects, changed ones (size or fingerprint differ) and ones that failed before — and it is
 * updated in the same transaction as the rows an object contributes, so it never disagrees with `flows`.
 */
import type { SourceObject } from "../../sources/source-object.js";
import { type LedgerStatus, SOURCE_COLUMNS } from "../schema.js";
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

/** The ledger columns a write supplies; loaded_at is the time of writing. */
const WRITTEN = SOURCE_COLUMNS.filter(([name]) => name !== "loaded_at");

/** Inserts or replaces ledger rows in one statement (call inside the transaction that changed the rows). */
export async function writeLedger(store: DuckDbStore, writes: readonly LedgerWrite[]): Promise<void> {
  await fillTempTable(
    store,
    "ledger_writes",
    WRITTEN.map(([name, type]) => `${name} ${type.split(" ")[0]}`).join(", "),
    writes.map((w) => [
      w.sourceId,
      w.object.uri,
      w.object.size,
      w.object.fingerprint,
      w.kind,
      w.logFormat,
      w.object.key.accountId ?? null,
      w.object.key.region ?? null,
      w.object.key.date ?? null,
      w.status,
      w.rowCount,
      w.rejectedCount,
      w.error,
      w.runId,
    ]),
  );
  const names = WRITTEN.map(([name]) => name);
  const updates = names.filter((c) => c !== "source_id" && c !== "uri").map((c) => `${c} = excluded.${c}`);
  await store.run(
    `INSERT INTO sources (${names.join(", ")}, loaded_at) SELECT ${names.join(", ")}, now()::TIMESTAMP FROM ledger_writes
     ON CONFLICT (source_id) DO UPDATE SET ${updates.join(", ")}, loaded_at = excluded.loaded_at`,
  );
}
