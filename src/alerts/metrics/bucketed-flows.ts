/**
 * The records of an evaluation range, bucketed by the rule's period, shaped as `flow_rollup` is (the
 * client's ephemeral port folded to NULL, `records`, `bytes`, `packets`) but with `day` holding the
 * bucket's start: so the insights' own derived tables (nat_processed, vpc_egress and cross_az_egress,
 * internet_egress, rejected; each insight declares its chain once, `derivedTables`) are built by their own
 * SQL files unchanged on it, with `flow_rollup` read as `alert_flow_buckets`, and carry the bucket where
 * they carry the day. Alerts need minutes where the rollup has days; the range is a few hours of records,
 * read by `day` and `start_time`.
 */

import { crossAzTables } from "../../insights/cross-az/cross-az.js";
import { type DerivedTables, InsightSql } from "../../insights/insight-sql.js";
import { internetEgressTables } from "../../insights/internet-egress/internet-egress.js";
import { natGatewayTables } from "../../insights/nat-gateway/nat-gateway.js";
import { rejectedTrafficTables } from "../../insights/rejected-traffic/rejected-traffic.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { addDays } from "../../utc-day.js";
import { type BucketRange, dayOf, timestampSql } from "../datapoints/datapoints.js";
import type { MetricTable } from "./metric-catalog.js";

export interface RecordFilter {
  readonly account?: readonly string[];
  readonly vpc?: readonly string[];
  readonly eni?: readonly string[];
  readonly subnet?: readonly string[];
  readonly port?: readonly number[];
}

const FILTER_COLUMNS = {
  account: "account_id",
  vpc: "vpc_id",
  eni: "interface_id",
  subnet: "subnet_id",
} as const;

/** As rollups.ts folds them: the client side of a TCP/UDP record is the higher port; rejects keep dstport. */
const FOLDED_PORTS = `CASE WHEN protocol IN (6, 17) AND srcport > dstport THEN NULL ELSE srcport END AS srcport,
  CASE WHEN protocol IN (6, 17) AND dstport > srcport AND action IS DISTINCT FROM 'REJECT' THEN NULL ELSE dstport END AS dstport`;

const KEY_COLUMNS = [
  ...["account_id", "region", "vpc_id", "subnet_id", "az_id", "instance_id", "interface_id"],
  ...["flow_direction", "traffic_path", "action", "log_status", "protocol", "srcaddr", "dstaddr"],
  ...["pkt_srcaddr", "pkt_dstaddr", "pkt_src_aws_service", "pkt_dst_aws_service"],
];

/** SQL condition and values of a record filter (values are bound, never written into the SQL). */
export function filterSql(filter: RecordFilter | undefined): {
  where: string;
  params: Record<string, string>;
} {
  const parts: string[] = [];
  // Lists travel as JSON text, read back as typed lists by DuckDB.
  const params: Record<string, string> = {};
  for (const [key, column] of Object.entries(FILTER_COLUMNS)) {
    const values = filter?.[key as keyof typeof FILTER_COLUMNS];
    if (!values) continue;
    parts.push(`list_contains(CAST($filter_${key}::JSON AS VARCHAR[]), ${column})`);
    params[`filter_${key}`] = JSON.stringify(values);
  }
  if (filter?.port) {
    const ports = "CAST($filter_port::JSON AS INTEGER[])";
    parts.push(`(list_contains(${ports}, srcport) OR list_contains(${ports}, dstport))`);
    params.filter_port = JSON.stringify(filter.port);
  }
  return { where: parts.length > 0 ? parts.join(" AND ") : "true", params };
}

/** The insight whose derived tables end in each metric table (both backends build them from here). */
export const METRIC_TABLE_CHAINS: Record<Exclude<MetricTable, "alert_flow_buckets">, DerivedTables> = {
  nat_processed: natGatewayTables,
  cross_az_egress: crossAzTables,
  internet_egress: internetEgressTables,
  rejected: rejectedTrafficTables,
};

/**
 * `alert_flow_records`: the range's records summed per bucket (at `range.period`, the finest period the
 * rules need) and rollup key — the client's ephemeral port folded, as the rollup does, so a conversation's
 * records of a bucket become one row. Read from `flows` once per evaluation; groups of rules take their
 * part of it with buildBucketedFlows.
 */
export async function readRangeRecords(store: DuckDbStore, range: BucketRange): Promise<void> {
  await store.run(
    `CREATE OR REPLACE TEMP TABLE alert_flow_records AS
     SELECT day, ${KEY_COLUMNS.join(", ")}, srcport, dstport,
       count(*)::BIGINT AS records, sum(bytes)::HUGEINT AS bytes, sum(packets)::HUGEINT AS packets
     FROM (
       SELECT time_bucket(to_seconds(${range.period}::BIGINT), start_time, TIMESTAMP '1970-01-01') AS day,
         ${KEY_COLUMNS.join(", ")}, ${FOLDED_PORTS}, bytes, packets
       FROM flows
       WHERE day BETWEEN DATE '${dayOf(range.from)}' AND DATE '${dayOf(range.to)}'
         AND start_time >= ${timestampSql(range.from)} AND start_time < ${timestampSql(range.to)}
     )
     GROUP BY ALL`,
  );
}

/**
 * `alert_flow_buckets` (a view of `alert_flow_records`: the rows of `range` that pass `filter`, in buckets
 * of `range.period`, a multiple of the records' period) and the insight tables asked for, built by the
 * insights' own SQL files on it.
 */
export async function buildBucketedFlows(
  store: DuckDbStore,
  range: BucketRange,
  filter: RecordFilter | undefined,
  tables: ReadonlySet<MetricTable>,
): Promise<void> {
  const { where, params } = filterSql(filter);
  // A view cannot take parameters: the filter's lists are written in as JSON text literals.
  const bound = Object.entries(params).reduce(
    (sql, [name, json]) => sql.replaceAll(`$${name}`, `'${json.replaceAll("'", "''")}'`),
    where,
  );
  await store.run(
    `CREATE OR REPLACE TEMP VIEW alert_flow_buckets AS
     SELECT time_bucket(to_seconds(${range.period}::BIGINT), day, TIMESTAMP '1970-01-01') AS day, * EXCLUDE (day)
     FROM alert_flow_records
     WHERE day >= ${timestampSql(range.from)} AND day < ${timestampSql(range.to)} AND ${bound}`,
  );
  // The insights filter their source on `day BETWEEN from AND to`: bucket starts from the range's
  // first day's midnight to the midnight after its last day cover every bucket of the range.
  const period = { from: dayOf(range.from), to: addDays(dayOf(range.to), 1) };
  for (const table of tables) {
    if (table === "alert_flow_buckets") continue;
    const derived = METRIC_TABLE_CHAINS[table];
    const sql = new InsightSql(store, derived.moduleUrl, period, {
      reading: { flow_rollup: "alert_flow_buckets" },
    });
    await sql.deriveAll(derived);
  }
}
