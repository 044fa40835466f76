/**
 * Loads one batch of same-shape objects in one transaction: removes what earlier versions of these objects
 * contributed, inserts the new rows, quarantines the lines DuckDB rejected and writes the ledger rows. A
 * process killed at any point leaves either the whole batch or none of it.
 */
import type { SourceObject } from "../../sources/source-object.js";
import { onDemandColumnsDdl } from "../schema.js";
import type { DuckDbStore } from "./duckdb-store.js";
import {
  flowInsertSql,
  type LoadBatchShape,
  REJECT_ERRORS_TABLE,
  REJECT_SCANS_TABLE,
} from "./flow-insert-sql.js";
import { fillTempTable, type LedgerWrite, writeLedger } from "./ledger.js";
import { markDaysDirty } from "./rollups.js";

/** The batch's files and their ledger ids, to attribute DuckDB's rejected lines to objects. */
const LOAD_FILES_TABLE = "load_files";

export interface BatchItem {
  readonly object: SourceObject;
  readonly sourceId: number;
  /** Where the object's bytes are on this machine (the file itself, or its staged download). */
  readonly localPath: string;
  /** The object was loaded or tried before: its old rows and rejects go first. */
  readonly replaces: boolean;
}

export interface BatchCounts {
  readonly rows: number;
  readonly rejected: number;
}

export interface LoadBatchInput {
  readonly shape: LoadBatchShape;
  readonly items: readonly BatchItem[];
  readonly runId: number;
  /** Column types of Parquet objects as DuckDB reads them. */
  readonly parquetTypes?: ReadonlyMap<string, string>;
  /** The log format as text, recorded in the ledger. */
  readonly formatLabel: string;
  /** A last check before COMMIT; throwing rolls the batch back. */
  readonly beforeCommit?: () => Promise<void>;
}

/** Loads the batch; throws (having rolled back) if DuckDB cannot read one of its files. */
export async function loadBatch(
  store: DuckDbStore,
  input: LoadBatchInput,
): Promise<Map<number, BatchCounts>> {
  const { shape, items } = input;
  const ids = items.map((i) => i.sourceId).join(", ");
  for (const ddl of onDemandColumnsDdl(shape.format.fields)) await store.run(ddl);
  await store.run(`DROP TABLE IF EXISTS temp.${REJECT_ERRORS_TABLE}`);
  await store.run(`DROP TABLE IF EXISTS temp.${REJECT_SCANS_TABLE}`);
  return store.transaction(async () => {
    await fillTempTable(
      store,
      LOAD_FILES_TABLE,
      "path VARCHAR, source_id INTEGER",
      items.map((i) => [i.localPath, i.sourceId]),
    );
    if (items.some((i) => i.replaces)) {
      await markDaysDirty(store, ids);
      await store.run(`DELETE FROM flows WHERE source_id IN (${ids})`);
      await store.run(`DELETE FROM rejects WHERE source_id IN (${ids})`);
    }
    await store.run(
      flowInsertSql(
        shape,
        items.map((i) => ({ path: i.localPath, sourceId: i.sourceId, keyDate: i.object.key.date ?? null })),
        input.parquetTypes,
      ),
    );
    await markDaysDirty(store, ids);
    if (shape.kind === "text")
      await quarantineRejectedLines(store, shape.format.fields.length + (shape.exportTimestamp ? 1 : 0));
    const counts = await countRows(store, ids);
    const writes: LedgerWrite[] = items.map((item) => {
      const c = counts.get(item.sourceId) ?? { rows: 0, rejected: 0 };
      return {
        sourceId: item.sourceId,
        object: item.object,
        kind: shape.kind,
        logFormat: input.formatLabel,
        status: "loaded",
        rowCount: c.rows,
        rejectedCount: c.rejected,
        error: null,
        runId: input.runId,
      };
    });
    await writeLedger(store, writes);
    await input.beforeCommit?.();
    return counts;
  });
}

/**
 * DuckDB reports one error per bad column; the quarantine keeps one row per bad line, with the same
 * reason the JavaScript decoder gives for a wrong field count.
 */
async function quarantineRejectedLines(store: DuckDbStore, fieldCount: number): Promise<void> {
  const exists = await store.value<number>(
    `SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = '${REJECT_ERRORS_TABLE}'`,
  );
  if (!exists) return;
  await store.run(`INSERT INTO rejects
    SELECT m.source_id, e.line,
      CASE WHEN bool_or(e.error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS'))
        THEN 'expected ${fieldCount} fields, found ' || len(string_split(trim(any_value(e.csv_line)), ' '))
        ELSE string_agg(DISTINCT e.error_message, '; ') END,
      any_value(e.csv_line)
    FROM temp.${REJECT_ERRORS_TABLE} e
    JOIN temp.${REJECT_SCANS_TABLE} s ON e.scan_id = s.scan_id AND e.file_id = s.file_id
    JOIN ${LOAD_FILES_TABLE} m ON s.file_path = m.path
    GROUP BY m.source_id, e.line`);
}

async function countRows(store: DuckDbStore, ids: string): Promise<Map<number, BatchCounts>> {
  const rows = await store.rows<{ source_id: number; rows: number; rejected: number }>(
    `SELECT source_id, sum(rows)::BIGINT AS rows, sum(rejected)::BIGINT AS rejected FROM (
       SELECT source_id, count(*) AS rows, 0 AS rejected FROM flows WHERE source_id IN (${ids}) GROUP BY source_id
       UNION ALL
       SELECT source_id, 0, count(*) FROM rejects WHERE source_id IN (${ids}) GROUP BY source_id
     ) GROUP BY source_id`,
  );
  return new Map(rows.map((r) => [r.source_id, { rows: r.rows, rejected: r.rejected }]));
}

/** Records that an object could not be read: its old rows go, the ledger names the error. */
export async function markFailed(
  store: DuckDbStore,
  item: Pick<BatchItem, "object" | "sourceId">,
  error: string,
  runId: number,
): Promise<void> {
  await store.transaction(async () => {
    await markDaysDirty(store, String(item.sourceId));
    await store.run(`DELETE FROM flows WHERE source_id = ${item.sourceId}`);
    await store.run(`DELETE FROM rejects WHERE source_id = ${item.sourceId}`);
    await writeLedger(store, [
      {
        sourceId: item.sourceId,
        object: item.object,
        kind: null,
        logFormat: null,
        status: "failed",
        rowCount: 0,
        rejectedCount: 0,
        error,
        runId,
      },
    ]);
  });
}
