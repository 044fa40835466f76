/**
 * Datapoints of threshold rules: the metric's value per bucket and instance (the rule's groups joined by
 * `|`), in dollars where the metric is about money. Rules that share a period and a filter share one build
 * of the bucketed records and the insight tables (bucketed-flows.ts); a metric the hourly rollup carries is
 * read from `hourly_rollup` instead when the rule's period is whole hours and it filters and groups by ENI
 * only.
 */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import {
  buildBucketedFlows,
  filterSql,
  type RecordFilter,
  readRangeRecords,
} from "../metrics/bucketed-flows.js";
import { type AlertMetric, type MetricTable, metricById } from "../metrics/metric-catalog.js";
import type { ThresholdRule } from "../rules/alert-rule-schema.js";
import {
  type BucketRange,
  type DatapointRow,
  datapointsFrom,
  dayOf,
  type RuleDatapoints,
  timestampSql,
} from "./datapoints.js";
import type { PresentBuckets } from "./present-buckets.js";

/** Dollars per byte of each charge, and the insights' parameters the metrics use. */
export interface MetricContext {
  readonly usdPerByte: Readonly<Record<NonNullable<AlertMetric["charge"]>, number>>;
  readonly adminPorts: readonly number[];
}

function instanceSql(metric: AlertMetric, groupBy: readonly string[]): string {
  if (groupBy.length === 0) return "''";
  const columns = groupBy.map(
    (key) => `coalesce(CAST(${metric.groups[key as keyof AlertMetric["groups"]]} AS VARCHAR), '-')`,
  );
  return columns.length === 1 ? (columns[0] as string) : `concat_ws('|', ${columns.join(", ")})`;
}

/** Whether the rule can be answered from hourly_rollup alone. */
export function readsRollup(rule: ThresholdRule): boolean {
  const metric = metricById(rule.metric);
  const f = rule.filter ?? {};
  return (
    metric.rollup !== undefined &&
    rule.period % 3600 === 0 &&
    !f.account &&
    !f.vpc &&
    !f.subnet &&
    !f.port &&
    rule.groupBy.every((key) => key === "eni")
  );
}

function toRows(
  rows: readonly { bucket: number; instance: string; value: number | null }[],
  metric: AlertMetric,
  ctx: MetricContext,
): DatapointRow[] {
  const perByte = metric.charge ? ctx.usdPerByte[metric.charge] : undefined;
  return rows.map((r) => {
    const value = r.value === null ? null : Number(r.value);
    const usd = perByte !== undefined && value !== null ? value * perByte : null;
    return { bucket: Number(r.bucket), instance: r.instance, value: metric.inDollars ? usd : value, usd };
  });
}

/** The rules answered from hourly_rollup that share an ENI filter: one statement for their values. */
async function fromRollup(
  store: DuckDbStore,
  items: readonly { rule: ThresholdRule; range: BucketRange }[],
  ctx: MetricContext,
  out: Map<string, RuleDatapoints>,
): Promise<void> {
  const first = items[0] as (typeof items)[number];
  const { where, params } = filterSql(first.rule.filter?.eni ? { eni: first.rule.filter.eni } : undefined);
  const from = Math.min(...items.map((i) => i.range.from));
  const to = Math.max(...items.map((i) => i.range.to));
  const hours = `FROM hourly_rollup
    WHERE day BETWEEN DATE '${dayOf(from)}' AND DATE '${dayOf(to)}'
      AND hour >= ${timestampSql(from)} AND hour < ${timestampSql(to)} AND ${where}`;
  const selects = items.map(({ rule, range }, index) => {
    const rollup = metricById(rule.metric).rollup as NonNullable<AlertMetric["rollup"]>;
    const bucket = `epoch(time_bucket(to_seconds(${rule.period}::BIGINT), hour, TIMESTAMP '1970-01-01'))::BIGINT`;
    const instance = rule.groupBy.length > 0 ? "coalesce(interface_id, '-')" : "''";
    return `SELECT ${index} AS rule, ${bucket} AS bucket, ${instance} AS instance, (${rollup.value})::DOUBLE AS value
      ${hours} AND hour >= ${timestampSql(range.from)} AND hour < ${timestampSql(range.to)}${rollup.where ? ` AND ${rollup.where}` : ""}
      GROUP BY ALL`;
  });
  const rows = await store.rows<{ rule: number; bucket: number; instance: string; value: number | null }>(
    selects.join("\nUNION ALL\n"),
    params,
  );
  const present = (
    await store.rows<{ hour: number }>(`SELECT DISTINCT epoch(hour)::BIGINT AS hour ${hours}`, params)
  ).map((r) => Number(r.hour));
  items.forEach(({ rule, range }, index) => {
    const metric = metricById(rule.metric);
    const own = new Set(
      present
        .filter((h) => h >= range.from && h < range.to)
        .map((h) => Math.floor(h / rule.period) * rule.period),
    );
    const ownRows = rows.filter((r) => Number(r.rule) === index);
    out.set(rule.name, datapointsFrom(toRows(ownRows, metric, ctx), own, metric.missingWhenEmpty));
  });
}

/**
 * The buckets in which the rule's scope sent records: the logs of its accounts, VPCs, subnets and ENIs.
 * A port filter chooses what counts, not whose logs: a bucket without a record on the port is 0, not
 * missing data.
 */
async function scopeBuckets(
  range: BucketRange,
  filter: RecordFilter | undefined,
  store: DuckDbStore,
  present: PresentBuckets,
): Promise<number[]> {
  const scope: RecordFilter = { ...filter, port: undefined };
  if (!scope.account && !scope.vpc && !scope.subnet && !scope.eni) return present.of(range);
  const { where, params } = filterSql(scope);
  const rows = await store.rows<{ bucket: number }>(
    `SELECT DISTINCT epoch(time_bucket(to_seconds(${range.period}::BIGINT), day, TIMESTAMP '1970-01-01'))::BIGINT AS bucket
     FROM alert_flow_records
     WHERE day >= ${timestampSql(range.from)} AND day < ${timestampSql(range.to)} AND ${where}`,
    params,
  );
  return rows.map((r) => Number(r.bucket));
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The datapoints of each threshold rule over its range. Rules with the same filter share one build of the
 * bucketed records and the insight tables, at the finest period they need (every period divides a day, so
 * their greatest common divisor does too), and one statement reads all their values, each re-bucketed to
 * its own period.
 */
export async function thresholdDatapoints(
  store: DuckDbStore,
  rules: readonly { rule: ThresholdRule; range: BucketRange }[],
  ctx: MetricContext,
  present: PresentBuckets,
): Promise<Map<string, RuleDatapoints>> {
  const out = new Map<string, RuleDatapoints>();
  const groups = new Map<string, { rule: ThresholdRule; range: BucketRange }[]>();
  const rollupGroups = new Map<string, { rule: ThresholdRule; range: BucketRange }[]>();
  for (const item of rules) {
    const into = readsRollup(item.rule) ? rollupGroups : groups;
    const key = JSON.stringify(item.rule.filter ?? {});
    into.set(key, [...(into.get(key) ?? []), item]);
  }
  for (const items of rollupGroups.values()) await fromRollup(store, items, ctx, out);
  const grouped = [...groups.values()].flat();
  if (grouped.length > 0) {
    const recordsRange: BucketRange = {
      period: grouped.map((i) => i.rule.period).reduce(gcd),
      from: Math.min(...grouped.map((i) => i.range.from)),
      to: Math.max(...grouped.map((i) => i.range.to)),
    };
    await readRangeRecords(store, recordsRange);
    await present.learnFromRangeRecords(recordsRange);
  }
  for (const items of groups.values()) {
    const filter = (items[0] as (typeof items)[number]).rule.filter;
    const range: BucketRange = {
      period: items.map((i) => i.rule.period).reduce(gcd),
      from: Math.min(...items.map((i) => i.range.from)),
      to: Math.max(...items.map((i) => i.range.to)),
    };
    const tables = new Set<MetricTable>(items.map((i) => metricById(i.rule.metric).table));
    await buildBucketedFlows(store, range, filter, tables);
    const scope = await scopeBuckets(range, filter, store, present);
    const selects = items.map(({ rule, range: own }, index) => {
      const metric = metricById(rule.metric);
      const bucket = `epoch(time_bucket(to_seconds(${rule.period}::BIGINT), day, TIMESTAMP '1970-01-01'))::BIGINT`;
      return `SELECT ${index} AS rule, ${bucket} AS bucket, ${instanceSql(metric, rule.groupBy)} AS instance, (${metric.value})::DOUBLE AS value
        FROM ${metric.table}
        WHERE day >= ${timestampSql(own.from)} AND day < ${timestampSql(own.to)}${metric.where ? ` AND ${metric.where}` : ""}
        GROUP BY ALL`;
    });
    const sql = selects.join("\nUNION ALL\n");
    const rows = await store.rows<{ rule: number; bucket: number; instance: string; value: number | null }>(
      sql,
      sql.includes("$admin_ports") ? { admin_ports: JSON.stringify(ctx.adminPorts) } : undefined,
    );
    items.forEach(({ rule, range: own }, index) => {
      const metric = metricById(rule.metric);
      const ownRows = rows.filter((r) => Number(r.rule) === index);
      const ownPresent = new Set(
        scope
          .filter((b) => b >= own.from && b < own.to)
          .map((b) => Math.floor(b / rule.period) * rule.period),
      );
      out.set(rule.name, datapointsFrom(toRows(ownRows, metric, ctx), ownPresent, metric.missingWhenEmpty));
    });
  }
  return out;
}
