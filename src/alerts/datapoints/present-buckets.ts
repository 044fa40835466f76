/** The buckets of a range that hold any record at all (for rules whose scope is the whole store). */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { type BucketRange, dayOf, timestampSql } from "./datapoints.js";

export async function presentBuckets(store: DuckDbStore, range: BucketRange): Promise<number[]> {
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
