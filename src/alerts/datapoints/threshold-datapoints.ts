/**
 * Datapoints of threshold rules: the metric's value per bucket and instance (the rule's groups joined by
 * `|`), in dollars where the metric is about money. Rules that share a period and a filter share one build
 * of the bucketed records and the insight tables (bucketed-flows.ts); a metric the hourly rollup carries is
 * read from `hourly_rollup` instead when the rule's period is whole hours and it filters and groups by ENI
 * only.
 */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { buildBucketedFlows, filterSql, type RecordFilter } from "../metrics/bucketed-flows.js";
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

/** Dollars per byte of each charge, and the insights' parameters the metrics use. */
export interface MetricContext {
  readonly usdPerByte: Readonly<Record<NonNullable<AlertMetric["charge"]>, number>>;
  readonly adminPorts: readonly number[];
}

const BUCKET = "epoch(day)::BIGINT";

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

async function fromRollup(
  store: DuckDbStore,
  rule: ThresholdRule,
  range: BucketRange,
  ctx: MetricContext,
): Promise<RuleDatapoints> {
  const metric = metricById(rule.metric);
  const rollup = metric.rollup as NonNullable<AlertMetric["rollup"]>;
  const { where, params } = filterSql(rule.filter?.eni ? { eni: rule.filter.eni } : undefined);
  const bucket = `epoch(time_bucket(to_seconds(${rule.period}::BIGINT), hour, TIMESTAMP '1970-01-01'))::BIGINT`;
  const scope = `FROM hourly_rollup
    WHERE day BETWEEN DATE '${dayOf(range.from)}' AND DATE '${dayOf(range.to)}'
      AND hour >= ${timestampSql(range.from)} AND hour < ${timestampSql(range.to)} AND ${where}`;
  const instance = rule.groupBy.length > 0 ? "coalesce(interface_id, '-')" : "''";
  const rows = await store.rows<{ bucket: number; instance: string; value: number | null }>(
    `SELECT ${bucket} AS bucket, ${instance} AS instance, (${rollup.value})::DOUBLE AS value
     ${scope}${rollup.where ? ` AND ${rollup.where}` : ""} GROUP BY ALL`,
    params,
  );
  const present = await store.rows<{ bucket: number }>(
    `SELECT DISTINCT ${bucket} AS bucket ${scope}`,
    params,
  );
  return datapointsFrom(
    toRows(rows, metric, ctx),
    present.map((r) => Number(r.bucket)),
    metric.missingWhenEmpty,
  );
}

/**
 * The buckets in which the rule's scope sent records: the logs of its accounts, VPCs, subnets and ENIs.
 * A port filter chooses what counts, not whose logs: a bucket without a record on the port is 0, not
 * missing data.
 */
async function scopeBuckets(
  store: DuckDbStore,
  range: BucketRange,
  filter: RecordFilter | undefined,
): Promise<number[]> {
  const { where, params } = filterSql(filter ? { ...filter, port: undefined } : undefined);
  const rows = await store.rows<{ bucket: number }>(
    `SELECT DISTINCT epoch(time_bucket(to_seconds(${range.period}::BIGINT), start_time, TIMESTAMP '1970-01-01'))::BIGINT AS bucket
     FROM flows
     WHERE day BETWEEN DATE '${dayOf(range.from)}' AND DATE '${dayOf(range.to)}'
       AND start_time >= ${timestampSql(range.from)} AND start_time < ${timestampSql(range.to)} AND ${where}`,
    params,
  );
  return rows.map((r) => Number(r.bucket));
}

function filterKey(rule: ThresholdRule): string {
  return JSON.stringify([rule.period, rule.filter ?? {}]);
}

/**
 * The datapoints of each threshold rule over `range` (its `period` is each rule's own: rules are grouped
 * by period and filter, and each group builds its tables once).
 */
export async function thresholdDatapoints(
  store: DuckDbStore,
  rules: readonly { rule: ThresholdRule; range: BucketRange }[],
  ctx: MetricContext,
): Promise<Map<string, RuleDatapoints>> {
  const out = new Map<string, RuleDatapoints>();
  const groups = new Map<string, { rule: ThresholdRule; range: BucketRange }[]>();
  for (const item of rules) {
    if (readsRollup(item.rule)) {
      out.set(item.rule.name, await fromRollup(store, item.rule, item.range, ctx));
      continue;
    }
    const key = filterKey(item.rule);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const items of groups.values()) {
    const first = items[0] as (typeof items)[number];
    // One range covering the group's rules (they share a period, so buckets align).
    const range: BucketRange = {
      period: first.rule.period,
      from: Math.min(...items.map((i) => i.range.from)),
      to: Math.max(...items.map((i) => i.range.to)),
    };
    const tables = new Set<MetricTable>(items.map((i) => metricById(i.rule.metric).table));
    await buildBucketedFlows(store, range, first.rule.filter, tables);
    const present = await scopeBuckets(store, range, first.rule.filter);
    for (const { rule, range: own } of items) {
      const metric = metricById(rule.metric);
      const sql = `SELECT ${BUCKET} AS bucket, ${instanceSql(metric, rule.groupBy)} AS instance, (${metric.value})::DOUBLE AS value
        FROM ${metric.table}
        WHERE day >= ${timestampSql(own.from)} AND day < ${timestampSql(own.to)}${metric.where ? ` AND ${metric.where}` : ""}
        GROUP BY ALL`;
      const rows = await store.rows<{ bucket: number; instance: string; value: number | null }>(
        sql,
        sql.includes("$admin_ports") ? { admin_ports: JSON.stringify(ctx.adminPorts) } : undefined,
      );
      const ownPresent = present.filter((b) => b >= own.from && b < own.to);
      out.set(rule.name, datapointsFrom(toRows(rows, metric, ctx), ownPresent, metric.missingWhenEmpty));
    }
  }
  return out;
}
