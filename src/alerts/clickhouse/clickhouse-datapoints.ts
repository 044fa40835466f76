/**
 * Every rule kind's datapoints on a ClickHouse store: what evaluate-alerts.ts asks of DuckDB's datapoints/
 * modules, in ClickHouse's SQL. Thresholds and events have their own modules here; anomaly rules run the
 * anomalies insight's own files in the store's dialect (datapoints/anomaly-datapoints.ts); SQL rules run in
 * ClickHouse's sandbox (readonly, under the rule's time limit), with `$window_start` and `$window_end`
 * written in as ISO 8601 text (compare with `start_time >= parseDateTimeBestEffort($window_start)`).
 */
import type { Config } from "../../config/config.js";
import { messageOf } from "../../errors.js";
import { runClickHouseQuery } from "../../sql-sandbox/run-clickhouse-query.js";
import { bindParams } from "../../store/clickhouse/bind-params.js";
import type { ClickHouseStore } from "../../store/clickhouse/clickhouse-store.js";
import type { Store } from "../../store/store.js";
import { anomalyDatapoints } from "../datapoints/anomaly-datapoints.js";
import {
  type BucketRange,
  type DatapointRow,
  datapointsFrom,
  dayOf,
  type RuleDatapoints,
} from "../datapoints/datapoints.js";
import { firingRow } from "../datapoints/sql-datapoints.js";
import type { MetricContext } from "../datapoints/threshold-datapoints.js";
import type { AlertRule, SqlRule, ThresholdRule } from "../rules/alert-rule-schema.js";
import { clickHouseEventRows } from "./clickhouse-event-datapoints.js";
import { bucketSql, clickHouseThresholdDatapoints, dateTimeSql } from "./clickhouse-threshold-datapoints.js";

/** The buckets of a range that hold any record at all (see datapoints/present-buckets.ts). */
async function presentBuckets(store: Store, range: BucketRange): Promise<number[]> {
  const [table, time] = range.period % 3600 === 0 ? ["hourly_rollup", "hour"] : ["flows", "start_time"];
  const rows = await store.rows<{ bucket: number }>(
    `SELECT DISTINCT ${bucketSql(time, range.period)} AS bucket FROM ${table}
     WHERE day BETWEEN toDate('${dayOf(range.from)}') AND toDate('${dayOf(range.to)}')
       AND ${time} >= ${dateTimeSql(range.from)} AND ${time} < ${dateTimeSql(range.to)}`,
  );
  return rows.map((r) => Number(r.bucket));
}

async function sqlDatapoints(store: Store, rule: SqlRule, range: BucketRange): Promise<RuleDatapoints> {
  const present = await presentBuckets(store, range);
  const rows: DatapointRow[] = [];
  for (const bucket of present) {
    const values = {
      window_start: new Date(bucket * 1000).toISOString(),
      window_end: new Date((bucket + rule.period) * 1000).toISOString(),
    };
    const found: Record<string, unknown>[] = [];
    try {
      const used = Object.fromEntries(
        Object.entries(values).filter(([name]) => rule.sql.includes(`$${name}`)),
      );
      const query = await runClickHouseQuery(store as ClickHouseStore, bindParams(rule.sql, used), {
        timeoutMs: rule.timeoutSeconds * 1000,
        hints: { timeout: "make it faster, or raise timeoutSeconds" },
      });
      for await (const chunk of query.chunks) found.push(...chunk);
    } catch (error) {
      throw new Error(`alert rule ${rule.name}: ${messageOf(error)}`);
    }
    rows.push(...found.map((row) => firingRow(bucket, row)));
  }
  return datapointsFrom(rows, present);
}

export async function clickHouseDatapoints(
  store: Store,
  plans: readonly { readonly rule: AlertRule; readonly range: BucketRange }[],
  config: Config,
  metricContext: () => Promise<MetricContext>,
): Promise<Map<string, RuleDatapoints>> {
  const out = new Map<string, RuleDatapoints>();
  const thresholds = plans.filter((p) => p.rule.kind === "threshold");
  if (thresholds.length > 0) {
    const items = thresholds.map((p) => ({ rule: p.rule as ThresholdRule, range: p.range }));
    const points = await clickHouseThresholdDatapoints(store, items, await metricContext());
    for (const [name, p] of points) out.set(name, p);
  }
  const insightParams = (config.insights ?? {}) as Record<string, unknown>;
  for (const { rule, range } of plans) {
    if (rule.kind === "sql") out.set(rule.name, await sqlDatapoints(store, rule, range));
    else if (rule.kind === "anomaly")
      out.set(rule.name, await anomalyDatapoints(store, rule, range, insightParams.anomalies));
    else if (rule.kind === "event") {
      const rows = await clickHouseEventRows(store, rule, range, insightParams);
      out.set(rule.name, datapointsFrom(rows, await presentBuckets(store, range)));
    }
  }
  return out;
}
