/**
 * Overview: how much traffic the period had, how much was rejected, and how complete the flow logs are
 * (NODATA windows had no traffic; SKIPDATA means records were lost, so every other insight undercounts).
 */
import { z } from "zod";
import { formatBytes, formatCount } from "../../text/format-numbers.js";
import type { Finding, InsightDefinition } from "../insight.js";
import { InsightSql } from "../insight-sql.js";

interface Totals {
  records: number;
  bytes: number;
  packets: number;
  accepted: number;
  rejected: number;
  nodata: number;
  skipdata: number;
  interfaces: number;
  accounts: number;
  spanning_midnight: number;
}

const params = z.object({}).strict();

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(2)}%`;
}

export const overview: InsightDefinition<z.infer<typeof params>> = {
  id: "overview",
  title: "Overview",
  description: "Records, bytes and packets; accepted vs rejected; NODATA/SKIPDATA share; traffic by hour.",
  params,
  async run({ store, period }) {
    const sql = new InsightSql(store, import.meta.url, period);
    const [totals] = await sql.rows<Totals & Record<string, unknown>>("totals.sql");
    const hourly = await sql.rows("hourly.sql");
    const t = totals as Totals;
    const findings: Finding[] = [
      {
        insight: "overview",
        severity: "info",
        sentence: `${formatCount(t.records)} flow log records from ${formatCount(t.interfaces)} network interfaces in ${t.accounts} account(s): ${formatBytes(t.bytes)} in ${formatCount(t.packets)} packets; ${formatCount(t.rejected)} records rejected (${percent(t.rejected, t.records)}).`,
        numbers: { ...t },
      },
    ];
    if (t.skipdata > 0) {
      findings.push({
        insight: "overview",
        severity: "medium",
        sentence: `${formatCount(t.skipdata)} SKIPDATA records: flow logs lost records during those capture windows, so every number in this report undercounts there.`,
        numbers: { skipdata: t.skipdata, share: t.records === 0 ? 0 : t.skipdata / t.records },
      });
    }
    const notes = [
      `${formatCount(t.nodata)} NODATA records (${percent(t.nodata, t.records)}) are capture windows with no traffic; they carry no bytes.`,
      "Records are assigned to the UTC day and hour their start time falls in; a flow spanning midnight counts on the day it started.",
    ];
    return {
      findings,
      table: hourly,
      notes,
      chart: {
        title: "Traffic by hour (UTC)",
        data: { values: hourly },
        transform: [{ calculate: "datum.bytes / 1073741824", as: "GiB" }],
        mark: { type: "bar", tooltip: true },
        encoding: {
          x: {
            field: "hour",
            type: "temporal",
            title: "hour (UTC)",
            scale: { type: "utc" },
            axis: { format: "%d %H:00" },
          },
          y: { field: "GiB", type: "quantitative", title: "GiB (2^30 bytes)" },
        },
      },
    };
  },
};
