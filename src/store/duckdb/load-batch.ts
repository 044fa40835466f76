/**
 * Loads one batch of same-shape objects in one transaction: removes what earlier versions of these objects
 * contributed, inserts the new rows, quarantines the lines the careful path refused and writes the ledger
 * rows. A process killed at any point leaves either the whole batch or none of it.
 */
import type { SourceObject } from "../../sources/source-object.js";
import type { DuckDbStore } from "./duckdb-store.js";
import { flowInsertSql, type LoadBatchShape, quoteString, refusedParquetRowsSql } from "./flow-insert-sql.js";
import { addFlowColumns, FLOW_RECORDS } from "./flow-tables.js";
import { type LedgerWrite, writeLedger } from "./ledger.js";
import { markDaysDirty, markRowsPending } from "./rollups.js";

export interface BatchItem {
  readonly object: SourceObject;
  readonly sourceId: number;
  /** Where the object's bytes are on this machine (the file itself, or its staged download). */
  readonly localPath: string;
  /** The object was loaded or tried before: its old rows and rejects go first. */
  readonly replaces: boolean;
  /** Lines quarantined on the careful path: newline-delimited JSON of {line, reason, text}. */
  readonly rejectsPath?: string;
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
  /**
   * What a value outside its field's range does: fail the batch (the fast path), or — for Parquet, whose
   * rows cannot be decoded line by line — quarantine its row and load the rest. @default "fail"
   */
  readonly onRefused?: "fail" | "quarantine";
}

/** Loads the batch; throws (having rolled back) if DuckDB cannot read one of its files. */
export async function loadBatch(
  store: DuckDbStore,
  input: LoadBatchInput,
): Promise<Map<number, BatchCounts>> {
  const { shape, items } = input;
  const ids = items.map((i) => i.sourceId).join(", ");
  await addFlowColumns(store, shape.format);
  return store.transaction(async () => {
    const replaces = items.some((i) => i.replaces);
    if (replaces) {
      await markDaysDirty(store, ids);
      await store.run(`DELETE FROM ${FLOW_RECORDS} WHERE source_id IN (${ids})`);
      await store.run(`DELETE FROM rejects WHERE source_id IN (${ids})`);
    }
    const quarantineRefused = input.onRefused === "quarantine";
    await store.run(
      flowInsertSql(
        shape,
        items.map((i) => ({ path: i.localPath, sourceId: i.sourceId, keyDate: i.object.key.date ?? null })),
        input.parquetTypes,
        quarantineRefused ? "skip" : "fail",
      ),
    );
    if (quarantineRefused && shape.kind === "parquet" && input.parquetTypes) {
      for (const item of items)
        await store.run(refusedParquetRowsSql(shape, item.localPath, item.sourceId, input.parquetTypes));
    }
    // Replaced rows were taken out of days whose rollups are rebuilt; new rows are added after COMMIT.
    if (replaces) await markDaysDirty(store, ids);
    else await markRowsPending(store, ids);
    for (const item of items) if (item.rejectsPath) await quarantine(store, item.sourceId, item.rejectsPath);
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

async function quarantine(store: DuckDbStore, sourceId: number, rejectsPath: string): Promise<void> {
  await store.run(`INSERT INTO rejects
    SELECT ${sourceId}, line, reason, text
    FROM read_json(${quoteString(rejectsPath)}, format = 'newline_delimited',
      columns = {line: 'BIGINT', reason: 'VARCHAR', text: 'VARCHAR'})`);
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

/**
 * Records that an object could not be read: its old rows go, the ledger names the error. Returns the
 * error as recorded, which says so when rows of an earlier version of the object were removed.
 */
export async function markFailed(
  store: DuckDbStore,
  item: Pick<BatchItem, "object" | "sourceId">,
  error: string,
  runId: number,
): Promise<string> {
  return store.transaction(async () => {
    const removed = await store.value<number>(
      `SELECT count(*) FROM flows WHERE source_id = ${item.sourceId}`,
    );
    const recorded =
      removed > 0
        ? `${error} (the ${removed.toLocaleString("en-US")} records of its earlier version were removed)`
        : error;
    await markDaysDirty(store, String(item.sourceId));
    await store.run(`DELETE FROM ${FLOW_RECORDS} WHERE source_id = ${item.sourceId}`);
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
        error: recorded,
        runId,
      },
    ]);
    return recorded;
  });
}
