/**
 * Datapoints of threshold rules on a ClickHouse store, as threshold-datapoints.ts computes them on DuckDB:
 * the range's committed records summed per bucket and rollup key (`GROUP BY` the bucket of `start_time`,
 * the client's ephemeral port folded as the rollup folds it) stand in for `flow_rollup` in the insights' own
 * ClickHouse SQL files (nat-processed, vpc-egress + cross-az-egress, internet-egress, rejected), with `day`
 * holding the bucket's start, so "through NAT", "cross-AZ" and "admin port" mean what they mean in a report.
 * Rules that share a filter share one statement per insight table; ClickHouse keeps no temporary tables
 * over HTTP, so a derived table is read as a subquery (as InsightSql does).
 *
 * Where a metric's SQL in the catalog is DuckDB's own, CLICKHOUSE_METRIC_SQL holds ClickHouse's (plain data).
 */
import { periodSql } from "../../insights/read-sql.js";
import { literal } from "../../store/clickhouse/bind-params.js";
import { FLOW_ROLLUP_KEYS } from "../../store/clickhouse/clickhouse-schema.js";
import type { Store } from "../../store/store.js";
import { addDays } from "../../utc-day.js";
import {
  type BucketRange,
  type DatapointRow,
  datapointsFrom,
  dayOf,
  type RuleDatapoints,
} from "../datapoints/datapoints.js";
import type { MetricContext } from "../datapoints/threshold-datapoints.js";
import { METRIC_TABLE_CHAINS, type RecordFilter } from "../metrics/bucketed-flows.js";
import { type AlertMetric, type MetricTable, metricById } from "../metrics/metric-catalog.js";
import type { ThresholdRule } from "../rules/alert-rule-schema.js";

/**
 * A metric's value and condition in ClickHouse's words, where the catalog's (DuckDB's) differ;
 * `{admin_ports}` is the rejected-traffic insight's parameter, written in as a list of numbers.
 */
const CLICKHOUSE_METRIC_SQL: Readonly<Record<string, { value?: string; where?: string }>> = {
  "admin-port-probes": {
    where:
      "ifNull(flow_direction != 'egress', 1) AND source_class IN ('internet', 'public') AND has({admin_ports}, ifNull(dstport, -1))",
  },
  "skipdata-share": { value: "sumIf(records, ifNull(log_status = 'SKIPDATA', 0)) / sum(records)" },
};

const FILTER_COLUMNS = {
  account: "account_id",
  vpc: "vpc_id",
  eni: "interface_id",
  subnet: "subnet_id",
} as const;

/** The filter as a ClickHouse condition on the records (values written as escaped literals). */
export function clickHouseFilter(filter: RecordFilter | undefined): string {
  const parts: string[] = [];
  for (const [key, column] of Object.entries(FILTER_COLUMNS)) {
    const values = filter?.[key as keyof typeof FILTER_COLUMNS];
    if (values) parts.push(`ifNull(${column} IN (${values.map(literal).join(", ")}), 0)`);
  }
  if (filter?.port) {
    const ports = filter.port.map(literal).join(", ");
    parts.push(`(ifNull(srcport IN (${ports}), 0) OR ifNull(dstport IN (${ports}), 0))`);
  }
  return parts.length > 0 ? parts.join(" AND ") : "1";
}

/** `toDateTime('…', 'UTC')` of epoch seconds. */
export const dateTimeSql = (epochSeconds: number) =>
  `toDateTime('${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace("T", " ")}', 'UTC')`;

/** The start of a time's bucket of `period` seconds, aligned to UTC midnight, in epoch seconds. */
export const bucketSql = (time: string, period: number) => `intDiv(toUInt32(${time}), ${period}) * ${period}`;

const midnight = (day: string) => `toDateTime('${day} 00:00:00', 'UTC')`;

const KEYS = FLOW_ROLLUP_KEYS.filter((k) => k !== "day" && k !== "srcport" && k !== "dstport");

/**
 * The records of the range that pass `where`, summed per bucket (at `range.period`) and key, shaped as
 * `flow_rollup` with `day` the bucket's start. ClickHouse reads an alias named as a column it reads, so
 * the new values are named t_* inside and renamed outside.
 */
export function bucketedRecords(range: BucketRange, where: string): string {
  return `SELECT t_day AS day, ${KEYS.join(", ")}, t_srcport AS srcport, t_dstport AS dstport,
    t_records AS records, t_bytes AS bytes, t_packets AS packets
  FROM (
    SELECT toDateTime(${bucketSql("start_time", range.period)}, 'UTC') AS t_day, ${KEYS.join(", ")},
      if(ifNull(protocol IN (6, 17) AND srcport > dstport, 0), NULL, srcport) AS t_srcport,
      if(ifNull(protocol IN (6, 17) AND dstport > srcport AND ifNull(action, '') != 'REJECT', 0), NULL, dstport) AS t_dstport,
      toInt64(count()) AS t_records, toInt64(sum(ifNull(bytes, 0))) AS t_bytes, toInt64(sum(ifNull(packets, 0))) AS t_packets
    FROM flows
    WHERE day BETWEEN toDate('${dayOf(range.from)}') AND toDate('${dayOf(range.to)}')
      AND start_time >= ${dateTimeSql(range.from)} AND start_time < ${dateTimeSql(range.to)} AND ${where}
    GROUP BY t_day, ${KEYS.join(", ")}, t_srcport, t_dstport
  )`;
}

/** The SELECT of a metric table over `records` (bucketedRecords), by the insight's own files. */
function tableSql(table: MetricTable, records: string, range: BucketRange): string {
  if (table === "alert_flow_buckets") return records;
  const { moduleUrl, tables } = METRIC_TABLE_CHAINS[table];
  const period = { from: dayOf(range.from), to: addDays(dayOf(range.to), 1) };
  const derived = new Map<string, string>([["flow_rollup", records]]);
  let select = "";
  for (const [name, file] of tables) {
    // `day` holds a bucket's start (DateTime), which 18.16 does not compare with a Date: the period's
    // bounds become midnights.
    select = periodSql(moduleUrl, file, period, "clickhouse")
      .trim()
      .replace(/;\s*$/, "")
      .replaceAll(`toDate('${period.from}')`, midnight(period.from))
      .replaceAll(`toDate('${period.to}')`, midnight(period.to));
    for (const [from, sql] of derived)
      select = select.replace(
        new RegExp(`\\bFROM\\s+${from}\\b(?!\\s*\\()`, "g"),
        `FROM (${sql}) AS ${from}`,
      );
    derived.set(name, select);
  }
  return select;
}

function instanceSql(metric: AlertMetric, groupBy: readonly string[]): string {
  if (groupBy.length === 0) return "''";
  const columns = groupBy.map(
    (key) => `ifNull(toString(${metric.groups[key as keyof AlertMetric["groups"]]}), '-')`,
  );
  return columns.length === 1 ? (columns[0] as string) : `concat(${columns.join(", '|', ")})`;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

type Item = { rule: ThresholdRule; range: BucketRange };

/** The datapoints of each threshold rule over its range (see threshold-datapoints.ts). */
export async function clickHouseThresholdDatapoints(
  store: Store,
  rules: readonly Item[],
  ctx: MetricContext,
): Promise<Map<string, RuleDatapoints>> {
  const out = new Map<string, RuleDatapoints>();
  const groups = new Map<string, Item[]>();
  for (const item of rules) {
    const key = JSON.stringify(item.rule.filter ?? {});
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const items of groups.values()) {
    const filter = (items[0] as Item).rule.filter;
    const range: BucketRange = {
      period: items.map((i) => i.rule.period).reduce(gcd),
      from: Math.min(...items.map((i) => i.range.from)),
      to: Math.max(...items.map((i) => i.range.to)),
    };
    // A port filter chooses what counts, not whose logs: the buckets with data are those of the rest.
    const scope = bucketedRecords(
      range,
      clickHouseFilter(filter ? { ...filter, port: undefined } : undefined),
    );
    const present = (
      await store.rows<{ bucket: number }>(`SELECT DISTINCT toUInt32(day) AS bucket FROM (${scope})`)
    ).map((r) => Number(r.bucket));
    const records = bucketedRecords(range, clickHouseFilter(filter));
    const selects = items.map(({ rule, range: own }, index) => {
      const metric = metricById(rule.metric);
      const ownSql = CLICKHOUSE_METRIC_SQL[metric.id] ?? {};
      const where = (ownSql.where ?? metric.where)?.replace(
        "{admin_ports}",
        `[${ctx.adminPorts.map((p) => Math.trunc(p)).join(", ")}]`,
      );
      return `SELECT ${index} AS rule, ${bucketSql("day", rule.period)} AS bucket, ${instanceSql(metric, rule.groupBy)} AS instance,
          toFloat64(${ownSql.value ?? metric.value}) AS value
        FROM (${tableSql(metric.table, records, range)})
        WHERE day >= ${dateTimeSql(own.from)} AND day < ${dateTimeSql(own.to)}${where ? ` AND ${where}` : ""}
        GROUP BY bucket, instance`;
    });
    const rows = await store.rows<{ rule: number; bucket: number; instance: string; value: number | null }>(
      selects.join("\nUNION ALL\n"),
    );
    items.forEach(({ rule, range: own }, index) => {
      const metric = metricById(rule.metric);
      const perByte = metric.charge ? ctx.usdPerByte[metric.charge] : undefined;
      const ownRows: DatapointRow[] = rows
        .filter((r) => Number(r.rule) === index)
        .map((r) => {
          const value = r.value === null ? null : Number(r.value);
          const usd = perByte !== undefined && value !== null ? value * perByte : null;
          return {
            bucket: Number(r.bucket),
            instance: r.instance,
            value: metric.inDollars ? usd : value,
            usd,
          };
        });
      const ownPresent = present
        .filter((b) => b >= own.from && b < own.to)
        .map((b) => Math.floor(b / rule.period) * rule.period);
      out.set(rule.name, datapointsFrom(ownRows, ownPresent, metric.missingWhenEmpty));
    });
  }
  return out;
}
