/**
 * Scans: sources that touched many ports or many hosts within a short window — the thresholds and the
 * window are parameters — with the window, the counts and whether any port answered.
 */
import { z } from "zod";
import { formatCount } from "../../text/format-numbers.js";
import type { Finding, InsightDefinition } from "../insight.js";
import { InsightSql } from "../insight-sql.js";

const params = z
  .object({
    window_minutes: z.number().int().positive().default(10),
    min_ports: z.number().int().positive().default(50),
    min_hosts: z.number().int().positive().default(20),
  })
  .strict();

interface ScanRow extends Record<string, unknown> {
  source: string;
  ports_touched: number;
  hosts_touched: number;
  records: number;
  rejected_records: number;
  accepted_ports: number;
  window_start: string;
  window_end: string;
  targets: string;
}

/** What a scan touched: ports and hosts, or only hosts for a sweep without ports (ICMP and the like). */
function touched(r: ScanRow): string {
  const hosts = `${formatCount(r.hosts_touched)} host(s)`;
  return r.ports_touched === 0
    ? `swept ${hosts} without ports (ICMP or another portless protocol)`
    : `scanned ${formatCount(r.ports_touched)} port(s) on ${hosts}`;
}

export const scans: InsightDefinition<z.infer<typeof params>> = {
  id: "scans",
  title: "Scans",
  description:
    "Sources that touched many ports or hosts within a short window, with the window and the counts.",
  params,
  async run({ store, period, params: p }) {
    const rows = await new InsightSql(store, import.meta.url, period).rows<ScanRow>("scans.sql", p);
    const findings: Finding[] = rows.map((r) => ({
      insight: "scans",
      measure: "scan",
      severity: r.accepted_ports > 0 ? "high" : "medium",
      sentence: `${r.source} ${touched(r)} between ${r.window_start} and ${r.window_end} (${formatCount(r.records)} records, ${formatCount(r.rejected_records)} rejected)${r.accepted_ports > 0 ? `; ${r.accepted_ports} port(s) accepted the connection` : ""}.`,
      numbers: {
        ports_touched: r.ports_touched,
        hosts_touched: r.hosts_touched,
        records: r.records,
        rejected_records: r.rejected_records,
        accepted_ports: r.accepted_ports,
        window_start: r.window_start,
        window_end: r.window_end,
      },
    }));
    return {
      findings,
      table: rows,
      notes: [
        `A scan is ${p.min_ports}+ ports or ${p.min_hosts}+ hosts from one source within ${p.window_minutes} minutes; its counts cover everything that source sent in the period.`,
      ],
    };
  },
};
