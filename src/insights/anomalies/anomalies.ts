/**
 * Anomalies: the period against a trailing baseline (the `baseline_days` days before it) — conversations
 * and service ports never seen before, and hours whose volume is far from that hour's usual, scored with
 * robust statistics (median and MAD) so that one earlier spike does not hide the next. With too little
 * history it says so instead of calling everything new.
 */
import { z } from "zod";
import { formatBytes, formatCount } from "../../text/format-numbers.js";
import { addDays } from "../../utc-day.js";
import type { Finding, InsightDefinition } from "../insight.js";
import { InsightSql } from "../insight-sql.js";

const params = z
  .object({
    baseline_days: z.number().int().positive().max(90).default(7),
    /** Fewer baseline days with data than this and no anomalies are reported. */
    min_baseline_days: z.number().int().positive().default(3),
    /**
     * A baseline day has data when it holds records in this many of its hours: the few flows of the day
     * before the first ingested one, or a day ingested in part, would otherwise be a "quiet" day.
     */
    min_hours_per_day: z.number().int().min(1).max(24).default(12),
    z_threshold: z.number().positive().default(5),
    /** An hour must also differ from its median by this many bytes (ignores noise in quiet hours). */
    min_bytes: z
      .number()
      .nonnegative()
      .default(64 * 2 ** 20),
    top: z.number().int().positive().default(10),
  })
  .strict();

interface OutlierRow extends Record<string, unknown> {
  interface_id: string | null;
  hour: string;
  bytes: number;
  baseline_median_bytes: number;
  robust_z: number;
}

interface TalkerRow extends Record<string, unknown> {
  srcaddr: string;
  dstaddr: string;
  bytes: number;
  records: number;
  new_pairs: number;
  new_bytes: number;
}

interface PortRow extends Record<string, unknown> {
  interface_id: string;
  protocol: number;
  dstport: number;
  records: number;
  bytes: number;
  sources: number;
}

const GIB = 2 ** 30;

function times(bytes: number, median: number): string {
  return median > 0
    ? `${(bytes / median).toFixed(1)}× its usual ${formatBytes(median)}`
    : "against none usually";
}

function outlierFinding(r: OutlierRow, baselineDays: number): Finding {
  const who = r.interface_id ?? "The whole estate";
  const more = r.bytes > r.baseline_median_bytes;
  return {
    insight: "anomalies",
    severity: "medium",
    sentence: `${who} moved ${formatBytes(r.bytes)} in the hour from ${r.hour}, ${more ? times(r.bytes, r.baseline_median_bytes) : `well below its usual ${formatBytes(r.baseline_median_bytes)}`} for that hour over ${baselineDays} day(s) (robust z ${r.robust_z}).`,
    numbers: {
      interface_id: r.interface_id,
      hour: r.hour,
      bytes: r.bytes,
      baseline_median_bytes: r.baseline_median_bytes,
      robust_z: r.robust_z,
    },
  };
}

export const anomalies: InsightDefinition<z.infer<typeof params>> = {
  id: "anomalies",
  title: "Anomalies",
  description:
    "New conversations and service ports, and hourly volume far from its usual, against the days before.",
  params,
  async run({ store, period, params: p }) {
    const window = { base_from: addDays(period.from, -p.baseline_days), base_to: addDays(period.from, -1) };
    const sql = new InsightSql(store, import.meta.url, period);
    const history = await sql.value<number>("history.sql", {
      ...window,
      min_hours_per_day: p.min_hours_per_day,
    });
    const baselineText = `${history} of the ${p.baseline_days} days before ${period.from} have data`;
    if (history < p.min_baseline_days) {
      return {
        findings: [
          {
            insight: "anomalies",
            severity: "info",
            sentence: `Too little history to call anything unusual: ${baselineText} (at least ${p.min_baseline_days} needed). Ingest earlier days to compare against.`,
            numbers: { baseline_days_with_data: history, baseline_days: p.baseline_days },
          },
        ],
        table: [],
        notes: [`No anomalies are computed: ${baselineText}.`],
      };
    }
    const values = {
      ...window,
      from: period.from,
      to: period.to,
      top: p.top,
      z_threshold: p.z_threshold,
      min_bytes: p.min_bytes,
      min_hours_per_day: p.min_hours_per_day,
    };
    const query = <T extends Record<string, unknown>>(name: string) => sql.rows<T>(name, values);
    const outliers = await query<OutlierRow>("hourly-outliers.sql");
    const talkers = await query<TalkerRow>("new-talkers.sql");
    const ports = await query<PortRow>("new-ports.sql");
    const hourly = await query("hourly-chart.sql");

    const findings: Finding[] = outliers.slice(0, 3).map((r) => outlierFinding(r, history));
    const top = talkers[0];
    if (top) {
      findings.push({
        insight: "anomalies",
        severity: "low",
        sentence: `${formatCount(top.new_pairs)} conversation(s) the ${history} baseline day(s) never saw moved ${formatBytes(top.new_bytes)}; the largest was ${top.srcaddr} → ${top.dstaddr} (${formatBytes(top.bytes)}).`,
        numbers: {
          new_pairs: top.new_pairs,
          new_bytes: top.new_bytes,
          top_srcaddr: top.srcaddr,
          top_dstaddr: top.dstaddr,
          top_bytes: top.bytes,
        },
      });
    }
    for (const port of ports.slice(0, 3)) {
      const proto = port.protocol === 17 ? "udp" : "tcp";
      findings.push({
        insight: "anomalies",
        severity: "medium",
        sentence: `${port.interface_id} accepted connections on ${proto}/${port.dstport} for the first time in ${history} day(s): ${formatCount(port.records)} record(s) from ${formatCount(port.sources)} source(s).`,
        numbers: {
          interface_id: port.interface_id,
          protocol: port.protocol,
          dstport: port.dstport,
          records: port.records,
          sources: port.sources,
        },
      });
    }
    const notes = [`Baseline: ${baselineText}; an hour is compared with the same hour of day on those days.`];
    if (history < p.baseline_days)
      notes.push(`The baseline is short (${history} of ${p.baseline_days} days): expect more false alarms.`);
    return {
      findings,
      table: [
        ...outliers.map((r) => ({
          kind: "hourly volume",
          subject: r.interface_id ?? "whole estate",
          hour: r.hour,
          bytes: r.bytes,
          usual_bytes: r.baseline_median_bytes,
          robust_z: r.robust_z,
          records: null,
        })),
        ...talkers.map((r) => ({
          kind: "new conversation",
          subject: `${r.srcaddr} → ${r.dstaddr}`,
          hour: null,
          bytes: r.bytes,
          usual_bytes: 0,
          robust_z: null,
          records: r.records,
        })),
        ...ports.map((r) => ({
          kind: "new service port",
          subject: `${r.interface_id} ${r.protocol === 17 ? "udp" : "tcp"}/${r.dstport}`,
          hour: null,
          bytes: r.bytes,
          usual_bytes: 0,
          robust_z: null,
          records: r.records,
        })),
      ],
      notes,
      chart:
        hourly.length === 0
          ? undefined
          : {
              title: "Bytes by hour (UTC) against the baseline's median for that hour",
              data: { values: hourly },
              transform: [
                { calculate: `datum.bytes / ${GIB}`, as: "GiB" },
                { calculate: `datum.baseline_median_bytes / ${GIB}`, as: "baseline GiB" },
              ],
              encoding: { x: { field: "hour", type: "ordinal", title: null, axis: { labelAngle: -45 } } },
              layer: [
                {
                  mark: { type: "bar", tooltip: true },
                  encoding: { y: { field: "GiB", type: "quantitative", title: "GiB (2^30 bytes)" } },
                },
                {
                  mark: { type: "tick", color: "black", thickness: 2 },
                  encoding: { y: { field: "baseline GiB", type: "quantitative" } },
                },
              ],
            },
    };
  },
};
