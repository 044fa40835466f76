/**
 * Datapoints of anomaly rules: the anomalies insight's own hourly-outliers.sql (each hour against the
 * same hour of day on the baseline days: median, MAD, robust z-score), run for each day of the range with
 * no cut-off, so every scored hour is a datapoint. An hour whose bytes differ from the median by less
 * than `minBytes` scores 0 (as the insight leaves it out); an hour without traffic, or a day with fewer
 * baseline days holding data than the insight's `min_baseline_days` (history.sql), is missing.
 */
import { anomalies } from "../../insights/anomalies/anomalies.js";
import { paramsFor, readSql } from "../../insights/read-sql.js";
import type { Store } from "../../store/store.js";
import { addDays } from "../../utc-day.js";
import type { AnomalyRule } from "../rules/alert-rule-schema.js";
import {
  type BucketRange,
  type DatapointRow,
  datapointsFrom,
  dayOf,
  type RuleDatapoints,
} from "./datapoints.js";

interface ScoredHour extends Record<string, unknown> {
  interface_id: string | null;
  hour: string;
  bytes: number;
  baseline_median_bytes: number;
  robust_z: number;
}

export async function anomalyDatapoints(
  store: Store,
  rule: AnomalyRule,
  range: BucketRange,
  insightParams: unknown,
): Promise<RuleDatapoints> {
  const base = anomalies.params.parse(insightParams ?? {});
  const folder = new URL("../../insights/anomalies/", import.meta.url).href;
  const sql = readSql(folder, "hourly-outliers.sql", store.dialect.name);
  const historySql = readSql(folder, "history.sql", store.dialect.name);
  const rows: DatapointRow[] = [];
  const present = new Set<number>();
  for (let day = dayOf(range.from); day <= dayOf(range.to - 1); day = addDays(day, 1)) {
    const window = { base_from: addDays(day, -rule.baselineDays), base_to: addDays(day, -1) };
    const history = await store.value<number>(historySql, {
      ...window,
      min_hours_per_day: base.min_hours_per_day,
    });
    if (Number(history) < base.min_baseline_days) continue;
    const values = {
      base_from: window.base_from,
      from: day,
      to: day,
      top: 1_000_000,
      z_threshold: 0,
      min_bytes: 0,
      min_hours_per_day: base.min_hours_per_day,
    };
    const scored = await store.rows<ScoredHour>(sql, paramsFor(sql, values));
    for (const r of scored) {
      if ((rule.per === "estate") !== (r.interface_id === null)) continue;
      const bucket = Date.parse(r.hour.replace("Z", ":00Z")) / 1000;
      if (bucket < range.from || bucket >= range.to) continue;
      present.add(bucket);
      const significant = Math.abs(Number(r.bytes) - Number(r.baseline_median_bytes)) >= rule.minBytes;
      rows.push({ bucket, instance: r.interface_id ?? "", value: significant ? Number(r.robust_z) : 0 });
    }
  }
  return datapointsFrom(rows, present);
}
