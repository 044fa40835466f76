/**
 * The buckets of a range that hold any record at all (for rules whose scope is the whole store), asked of
 * the store once per evaluation where it can be: once the range's records are summed into
 * `alert_flow_records` (metrics/bucketed-flows.ts), its buckets say which of their multiples hold records
 * within its range, and only a range outside it, or of a period that is not a multiple, is read again.
 */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { type BucketRange, dayOf, timestampSql } from "./datapoints.js";

async function readPresentBuckets(store: DuckDbStore, range: BucketRange): Promise<number[]> {
  // hourly_rollup knows each hour with records; a period shorter than an hour needs the records.
  const [table, time] = range.period % 3600 === 0 ? ["hourly_rollup", "hour"] : ["flows", "start_time"];
  const rows = await store.rows<{ bucket: number }>(
    `SELECT DISTINCT epoch(time_bucket(to_seconds(${range.period}::BIGINT), ${time}, TIMESTAMP '1970-01-01'))::BIGINT AS bucket
     FROM ${table}
     WHERE day BETWEEN DATE '${dayOf(range.from)}' AND DATE '${dayOf(range.to)}'
       AND ${time} >= ${timestampSql(range.from)} AND ${time} < ${timestampSql(range.to)}`,
  );
  return rows.map((r) => Number(r.bucket));
}

/** Which buckets hold records, for one evaluation (the store's records must not change during it). */
export class PresentBuckets {
  private known: { readonly range: BucketRange; readonly starts: readonly number[] } | undefined;

  constructor(private readonly store: DuckDbStore) {}

  /** Learns the buckets of `alert_flow_records`, just built over `range` (buckets of `range.period`). */
  async learnFromRangeRecords(range: BucketRange): Promise<void> {
    const rows = await this.store.rows<{ bucket: number }>(
      "SELECT DISTINCT epoch(day)::BIGINT AS bucket FROM alert_flow_records",
    );
    this.known = { range, starts: rows.map((r) => Number(r.bucket)) };
  }

  /** The starts of the buckets of `range` (aligned to its period) that hold any record. */
  async of(range: BucketRange): Promise<number[]> {
    const known = this.known;
    if (
      !known ||
      range.period % known.range.period !== 0 ||
      range.from < known.range.from ||
      range.to > known.range.to
    )
      return readPresentBuckets(this.store, range);
    const starts = new Set<number>();
    for (const b of known.starts)
      if (b >= range.from && b < range.to) starts.add(Math.floor(b / range.period) * range.period);
    return [...starts].sort((a, b) => a - b);
  }
}
