/**
 * Datapoints of event rules on a ClickHouse store, as event-datapoints.ts finds them on DuckDB (read there
 * why each step is what it is):
 * - `scan`: the scans insight's own scans.clickhouse.sql, `flows` narrowed to the range's days and the
 *   records `where` keeps; the days' records are read again only for the sources that sent before the
 *   range's start (their `flow_rollup` records outnumber those from the start).
 * - `new-port`: a service port accepting connections on an ENI for the first time in `baselineDays`, nor
 *   earlier that day, in the bucket it first does. The correlated NOT EXISTS of DuckDB's are sets of keys
 *   here (GLOBAL NOT IN, so the sets are made once where the store URL points, also on a cluster).
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { paramsFor, readSql } from "../../insights/read-sql.js";
import { literal } from "../../store/clickhouse/bind-params.js";
import type { Store } from "../../store/store.js";
import { type BucketRange, type DatapointRow, dayOf } from "../datapoints/datapoints.js";
import { type ScanRow, scanRowsWith } from "../datapoints/event-datapoints.js";
import type { EventRule } from "../rules/alert-rule-schema.js";
import { bucketSql, dateTimeSql } from "./clickhouse-threshold-datapoints.js";

const literals = (values: readonly string[]) => values.map(literal).join(", ");
const daysOf = (range: BucketRange) =>
  `day BETWEEN toDate('${dayOf(range.from)}') AND toDate('${dayOf(range.to - 1)}')`;

async function scansOn(
  store: Store,
  range: BucketRange,
  where: string,
  params: Record<string, unknown>,
): Promise<ScanRow[]> {
  const sql = readSql(new URL("../../insights/scans/", import.meta.url).href, "scans.sql", "clickhouse");
  const text = sql.replaceAll(
    /\bFROM flows\b/g,
    `FROM (SELECT * FROM flows WHERE ${daysOf(range)} AND ${where})`,
  );
  const values = { from: dayOf(range.from), to: dayOf(range.to - 1), ...params } as Record<
    string,
    DuckDBValue
  >;
  return store.rows<ScanRow>(text, paramsFor(text, values));
}

async function sentBefore(
  store: Store,
  range: BucketRange,
  sources: readonly string[],
): Promise<Set<string>> {
  const scope = `${daysOf(range)} AND srcaddr IN (${literals(sources)})`;
  const rows = await store.rows<{ srcaddr: string }>(
    `SELECT srcaddr FROM (
       SELECT srcaddr, sum(records) AS whole_n FROM flow_rollup WHERE ${scope} GROUP BY srcaddr
     )
     ALL FULL JOIN (
       SELECT srcaddr, count() AS since_n FROM flows
       WHERE ${scope} AND start_time >= ${dateTimeSql(range.from)} GROUP BY srcaddr
     ) USING (srcaddr)
     WHERE whole_n != since_n`,
  );
  return new Set(rows.map((r) => r.srcaddr));
}

function scanRows(store: Store, range: BucketRange, insightParams: unknown): Promise<DatapointRow[]> {
  return scanRowsWith(
    {
      scansOn: (where, params) => scansOn(store, range, where, params),
      sentBefore: (sources) => sentBefore(store, range, sources),
      sinceRangeStart: `start_time >= ${dateTimeSql(range.from)}`,
      sourcesIn: (sources) => `srcaddr IN (${literals(sources)})`,
    },
    range,
    insightParams,
  );
}

/** A request toward a service port: accepted, not leaving the ENI, the source port the higher. */
const REQUEST =
  "action = 'ACCEPT' AND ifNull(flow_direction != 'egress', 1) AND protocol IN (6, 17) AND srcport > dstport";
const KEY = "ifNull(interface_id, ''), ifNull(protocol, -1), ifNull(dstport, -1)";

async function newPortRows(store: Store, rule: EventRule, range: BucketRange): Promise<DatapointRow[]> {
  const days = `day BETWEEN toDate('${dayOf(range.from)}') AND toDate('${dayOf(range.to)}')`;
  const ports = rule.ports ? `AND has([${rule.ports.map((p) => Math.trunc(p)).join(", ")}], t_dstport)` : "";
  const baseline = rule.baselineDays;
  const rows = await store.rows<{ bucket: number; instance: string; records: number }>(
    `SELECT first_bucket AS bucket, concat(t_interface_id, '|', toString(t_dstport)) AS instance,
       toFloat64(first_records) AS records
     FROM (
       SELECT t_interface_id, t_protocol, t_dstport, a_day, min(t_bucket) AS first_bucket,
         argMin(t_records, t_bucket) AS first_records
       FROM (
         SELECT ${bucketSql("start_time", range.period)} AS t_bucket,
           toDate(toDateTime(${bucketSql("start_time", range.period)}, 'UTC')) AS a_day,
           ifNull(interface_id, '') AS t_interface_id, ifNull(protocol, -1) AS t_protocol,
           ifNull(dstport, -1) AS t_dstport, count() AS t_records
         FROM flows
         WHERE ${days} AND start_time >= ${dateTimeSql(range.from)} AND start_time < ${dateTimeSql(range.to)}
           AND ${REQUEST}
         GROUP BY t_bucket, a_day, t_interface_id, t_protocol, t_dstport
       )
       GROUP BY t_interface_id, t_protocol, t_dstport, a_day
     )
     WHERE first_bucket >= ${Math.trunc(range.from)} ${ports}
       AND (t_interface_id, t_protocol, t_dstport, a_day) GLOBAL NOT IN (
         SELECT ${KEY}, day + k FROM flow_rollup ARRAY JOIN arrayMap(i -> i + 1, range(${baseline})) AS k
         WHERE day BETWEEN toDate('${dayOf(range.from)}') - ${baseline} AND toDate('${dayOf(range.to)}') - 1
           AND action = 'ACCEPT' AND ifNull(flow_direction != 'egress', 1) AND isNull(srcport)
       )
       AND (t_interface_id, t_protocol, t_dstport, a_day) GLOBAL NOT IN (
         SELECT ${KEY}, day FROM flows
         WHERE ${days} AND start_time < ${dateTimeSql(range.from)} AND ${REQUEST}
       )`,
  );
  return rows.map((r) => ({
    bucket: Number(r.bucket),
    instance: r.instance,
    value: Number(r.records),
    breaching: true,
  }));
}

export function clickHouseEventRows(
  store: Store,
  rule: EventRule,
  range: BucketRange,
  insightParams: Readonly<Record<string, unknown>>,
): Promise<DatapointRow[]> {
  return rule.finding === "scan"
    ? scanRows(store, range, insightParams.scans)
    : newPortRows(store, rule, range);
}
