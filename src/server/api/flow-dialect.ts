/**
 * The explorer's SQL per dialect, side by side: the few parts that differ between DuckDB and ClickHouse
 * (date and time functions, sums, joins, how a list of values and an IPv4 range are tested) and the top N
 * statement, which ranks with a window function on DuckDB and with a sorted array on ClickHouse (18.16
 * has no window functions). flow-query.ts builds every statement from these parts, the same way for
 * both; values reach the SQL only through `params`.
 */
import { listValue } from "@duckdb/node-api";
import type { DialectName } from "../../store/store.js";
import type { FlowSource } from "./flow-dimensions.js";
import type { SqlParams } from "./flow-filters.js";

export type Bucket = "hour" | "day";
export type Metric = "bytes" | "packets" | "records";

export interface FlowDialect {
  /** The row's `day` is within `$from`..`$to`. */
  readonly inPeriod: string;
  /** The joined rows' sums, as t_records, t_bytes and t_packets. */
  sums(source: FlowSource): string;
  /** The start of the row's hour or day, as a timestamp. */
  bucketStart(source: FlowSource, bucket: Bucket): string;
  readonly leftJoin: string;
  /** Ends a statement that joins. */
  readonly settings: string;
  /** An empty table of nullable text columns: the stand-in for a table the store lacks. */
  emptyTable(columns: readonly string[]): string;
  /** `sql` is one of the values. */
  anyOf(sql: string, values: readonly (string | number)[], params: SqlParams): string;
  /** The source's `column` is an IPv4 address from `lo` to `hi` (as integers). */
  inIpv4Range(column: string, source: FlowSource, lo: number, hi: number, params: SqlParams): string;
  /**
   * Over `grouped` (bucket_at, g_value, t_records, t_bytes, t_packets): per bucket, each of the top
   * `top` values by `metric` over the whole range (rank 1…; ties by value, NULL last) and the rest as
   * rank NULL, with bucket as ISO 8601 text and how many values there are in all.
   */
  topOverTime(grouped: string, metric: Metric, top: string): string;
}

const ISO = "'%Y-%m-%dT%H:%M:%SZ'";

const DUCKDB: FlowDialect = {
  inPeriod: "day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)",
  sums: (source) =>
    `${source === "flows" ? "count(*)" : "sum(records)"}::BIGINT AS t_records, coalesce(sum(bytes), 0)::HUGEINT AS t_bytes, coalesce(sum(packets), 0)::HUGEINT AS t_packets`,
  bucketStart: (source, bucket) =>
    bucket === "day"
      ? "CAST(day AS TIMESTAMP)"
      : { flows: "date_trunc('hour', start_time)", flow_rollup: "NULL::TIMESTAMP", hourly_rollup: "hour" }[
          source
        ],
  leftJoin: "LEFT JOIN",
  settings: "",
  emptyTable: (columns) => `SELECT ${columns.map((c) => `NULL::VARCHAR AS ${c}`).join(", ")} WHERE false`,
  anyOf: (sql, values, params) =>
    `list_contains(CAST(${params.add(listValue([...values]))} AS ${typeof values[0] === "number" ? "INTEGER[]" : "VARCHAR[]"}), ${sql})`,
  // ipv4_to_int on each distinct address, not on each record: OFFSET 0 keeps DuckDB from pushing the
  // range filter beneath the DISTINCT, which ran the macro on every record (42 s on a 10 M-record day).
  inIpv4Range: (column, source, lo, hi, params) =>
    `${column} IN (SELECT a FROM (SELECT DISTINCT x.${column} AS a FROM ${source} x WHERE x.day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) OFFSET 0) WHERE ipv4_to_int(a) BETWEEN ${params.add(lo)} AND ${params.add(hi)})`,
  topOverTime: (grouped, metric, top) => `WITH g AS (${grouped}),
    ranked AS (
      SELECT g_value, row_number() OVER (ORDER BY sum(t_${metric}) DESC, g_value ASC NULLS LAST)::INTEGER AS rank
      FROM g GROUP BY g_value),
    marked AS (
      SELECT g.*, CASE WHEN r.rank <= ${top} THEN r.rank END AS top_rank
      FROM g JOIN ranked r ON g.g_value IS NOT DISTINCT FROM r.g_value)
    SELECT strftime(bucket_at, ${ISO}) AS bucket, top_rank AS rank,
      CASE WHEN top_rank IS NOT NULL THEN any_value(g_value) END AS value,
      (SELECT count(*) FROM ranked)::INTEGER AS "values",
      sum(t_records)::BIGINT AS records, sum(t_bytes)::HUGEINT AS bytes, sum(t_packets)::HUGEINT AS packets
    FROM marked GROUP BY bucket_at, top_rank ORDER BY bucket_at, top_rank NULLS LAST`,
};

/** The same parts in ClickHouse SQL that runs on 18.16 and on current releases. */
const CLICKHOUSE: FlowDialect = {
  inPeriod: "day BETWEEN toDate($from) AND toDate($to)",
  // The rollups on ClickHouse hold a replaced object's sums negated beside them; its groups sum to 0
  // records and are left out where the statements group (HAVING t_records != 0).
  sums: (source) =>
    `toInt64(${source === "flows" ? "count()" : "sum(records)"}) AS t_records, toInt64(sum(ifNull(bytes, 0))) AS t_bytes, toInt64(sum(ifNull(packets, 0))) AS t_packets`,
  bucketStart: (source, bucket) =>
    bucket === "day"
      ? "toDateTime(day, 'UTC')"
      : {
          flows: "toStartOfHour(start_time)",
          flow_rollup: "CAST(NULL AS Nullable(DateTime('UTC')))",
          hourly_rollup: "hour",
        }[source],
  leftJoin: "ALL LEFT JOIN",
  settings: " SETTINGS join_use_nulls = 1",
  emptyTable: (columns) =>
    `SELECT ${columns.map((c) => `CAST(NULL AS Nullable(String)) AS ${c}`).join(", ")} WHERE 0`,
  anyOf: (sql, values, params) => `${sql} IN (${values.map((v) => params.add(v)).join(", ")})`,
  // IPv4StringToNum reads an IPv6 address as 0, so one with a colon is never in a range.
  inIpv4Range: (column, _source, lo, hi, params) =>
    `(position(ifNull(${column}, ':'), ':') = 0 AND IPv4StringToNum(ifNull(${column}, '')) BETWEEN ${params.add(lo)} AND ${params.add(hi)})`,
  // The ranking reads `grouped` once more, in a scalar subquery: the sorted values, how many, the top.
  topOverTime: (grouped, metric, top) => `WITH (
      SELECT tuple(toInt32(length(ranked)), arraySlice(arrayMap(x -> x.3, ranked), 1, ${top}))
      FROM (
        SELECT arraySort(x -> (x.1, x.2, x.3), groupArray(tuple(-m, isNull(g_value), g_value))) AS ranked
        FROM (SELECT g_value, toInt64(sum(t_${metric})) AS m FROM (${grouped}) GROUP BY g_value))
    ) AS ranking
    SELECT formatDateTime(bucket_at, ${ISO}, 'UTC') AS bucket, indexOf(tupleElement(ranking, 2), g_value) AS idx,
      if(idx = 0, NULL, toInt32(idx)) AS rank, if(idx = 0, NULL, any(g_value)) AS value,
      tupleElement(ranking, 1) AS "values", toInt64(sum(t_records)) AS records, toInt64(sum(t_bytes)) AS bytes,
      toInt64(sum(t_packets)) AS packets
    FROM (${grouped})
    GROUP BY bucket_at, idx ORDER BY bucket_at, idx = 0, idx`,
};

export const FLOW_DIALECTS: Readonly<Record<DialectName, FlowDialect>> = {
  duckdb: DUCKDB,
  clickhouse: CLICKHOUSE,
};
