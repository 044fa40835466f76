/**
 * Rejected traffic: what was blocked, by destination port, target and source; attempts from the internet
 * on administration and database ports; and REJECTs between your own private addresses, flagged as
 * likely security-group or network-ACL mistakes.
 */
import { z } from "zod";
import { formatCount } from "../../text/format-numbers.js";
import type { Finding, InsightDefinition } from "../insight.js";
import { derivedTables, InsightSql } from "../insight-sql.js";

const params = z
  .object({
    /** Ports whose exposure to the internet matters: SSH, RDP, databases, caches, Docker/Kubernetes APIs. */
    admin_ports: z
      .array(z.number().int().min(0).max(65535))
      .default([22, 3389, 1433, 3306, 5432, 6379, 9200, 27017, 2375, 6443]),
    /** Rows listed per table. */
    top: z.number().int().positive().default(10),
  })
  .strict();

interface PortRow extends Record<string, unknown> {
  dstport: number | null;
  records: number;
}
interface ProbeRow extends Record<string, unknown> {
  dstport: number;
  srcaddr: string;
  records: number;
}
interface PrivateRow extends Record<string, unknown> {
  srcaddr: string;
  dstaddr: string;
  dstport: number | null;
  records: number;
  total_records: number;
}

/** The tables its statements read, built in this order (alert metrics build them too). */
export const rejectedTrafficTables = derivedTables(import.meta.url, [["rejected", "rejected.sql"]]);

export const rejectedTraffic: InsightDefinition<z.infer<typeof params>> = {
  id: "rejected-traffic",
  title: "Rejected traffic",
  description:
    "Blocked traffic by destination port, target and source; internet attempts on admin and database ports; REJECTs between your own addresses (likely security-group or NACL mistakes).",
  params,
  async run({ store, period, params: p }) {
    const sql = new InsightSql(store, import.meta.url, period);
    await sql.deriveAll(rejectedTrafficTables);
    const byPort = await sql.rows<PortRow>("by-port.sql", { limit: p.top });
    const probes = await sql.rows<ProbeRow>("admin-probes.sql", { ports: `[${p.admin_ports.join(",")}]` });
    const privateRejects = await sql.rows<PrivateRow>("private-rejects.sql", { limit: p.top });
    const [totals] = await sql.rows<{ records: number; unknown: number }>("totals.sql");
    const findings: Finding[] = [];
    const notes: string[] = [];
    const total = totals?.records ?? 0;
    if (total > 0) {
      findings.push({
        insight: "rejected-traffic",
        measure: "rejected",
        severity: "info",
        sentence: `${formatCount(total)} records were rejected; the most blocked port was ${byPort[0]?.dstport ?? "-"} (${formatCount(byPort[0]?.records ?? 0)} records).`,
        numbers: {
          rejected_records: total,
          ...Object.fromEntries(byPort.map((r) => [`port_${r.dstport}`, r.records])),
        },
      });
    }
    const probeTotal = probes.reduce((sum, r) => sum + r.records, 0);
    if (probeTotal > 0) {
      const ports = [...new Set(probes.map((r) => r.dstport))].sort((a, b) => a - b);
      const sources = new Set(probes.map((r) => r.srcaddr)).size;
      findings.push({
        insight: "rejected-traffic",
        measure: "admin_probes",
        severity: "medium",
        sentence: `${formatCount(probeTotal)} attempts from ${formatCount(sources)} internet addresses on admin/database ports (${ports.join(", ")}) were rejected; keep these ports closed to the internet.`,
        numbers: {
          admin_probe_records: probeTotal,
          admin_probe_sources: sources,
          ...Object.fromEntries(
            ports.map((port) => [
              `port_${port}`,
              probes.filter((r) => r.dstport === port).reduce((s, r) => s + r.records, 0),
            ]),
          ),
        },
      });
    }
    const privateTotal = privateRejects[0]?.total_records ?? 0;
    if (privateTotal > 0) {
      const top = privateRejects[0];
      findings.push({
        insight: "rejected-traffic",
        measure: "private_rejects",
        severity: "medium",
        sentence: `${formatCount(privateTotal)} REJECTs between your own addresses, e.g. ${top?.srcaddr} → ${top?.dstaddr}:${top?.dstport} (${formatCount(top?.records ?? 0)} records): likely a security group or network ACL missing a rule.`,
        numbers: { private_reject_records: privateTotal },
      });
    }
    if ((totals?.unknown ?? 0) > 0) {
      notes.push(
        `${formatCount(totals?.unknown ?? 0)} rejected records have addresses not yet classified; run flowlens report again after ingesting, or load IP ranges.`,
      );
    }
    return {
      findings,
      table: probes.slice(0, p.top),
      notes,
      chart:
        byPort.length === 0
          ? undefined
          : {
              title: "Rejected records by destination port",
              data: { values: byPort.map((r) => ({ ...r, port: String(r.dstport ?? "-") })) },
              mark: { type: "bar", tooltip: true },
              encoding: {
                y: { field: "port", type: "nominal", sort: "-x", title: "destination port" },
                x: { field: "records", type: "quantitative", title: "rejected records" },
              },
            },
    };
  },
};
