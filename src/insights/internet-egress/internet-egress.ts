/**
 * Internet egress: bytes sent to the internet by source and destination, priced with the monthly tiers
 * (the assumption about the rest of the month is stated), and the part that went through a NAT gateway
 * and so also paid NAT processing.
 */
import { z } from "zod";
import { internetEgressCost } from "../../pricing/internet-egress-cost.js";
import { costOf, describeRate, formatUsd } from "../../pricing/money.js";
import { formatBytes } from "../../text/format-numbers.js";
import { booleanColumns } from "../boolean-columns.js";
import { estateRegion } from "../estate-region.js";
import type { Finding, InsightDefinition } from "../insight.js";
import { derivedTables, InsightSql } from "../insight-sql.js";
import { monthlyRate } from "../monthly-rate.js";

const params = z
  .object({
    days_per_month: z.number().positive().default(30),
    top: z.number().int().positive().default(10),
  })
  .strict();

interface TopRow extends Record<string, unknown> {
  side: "source" | "destination";
  name: string;
  via_nat: boolean | null;
  bytes: number;
}

/** The tables its statements read, built in this order (alert metrics build them too). */
export const internetEgressTables = derivedTables(import.meta.url, [
  ["internet_egress", "internet-egress.sql"],
]);

export const internetEgress: InsightDefinition<z.infer<typeof params>> = {
  id: "internet-egress",
  title: "Internet egress",
  description:
    "Bytes sent to the internet by source and destination, priced with AWS's monthly tiers, and the part that also paid NAT gateway processing.",
  params,
  async run({ store, period, params: p, prices }) {
    const sql = new InsightSql(store, import.meta.url, period);
    await sql.deriveAll(internetEgressTables);
    const [totals] = await sql.rows<{ bytes: number; via_nat: number }>("totals.sql");
    const top = booleanColumns(await sql.rows<TopRow>("top.sql"), ["via_nat"]);
    const regionName = await estateRegion(store);
    // The tiers are those of a month at the rate of the days with data, not averaged over empty days.
    const { dataDays } = await monthlyRate(store, period, p.days_per_month);
    const bytes = totals?.bytes ?? 0;
    const viaNat = totals?.via_nat ?? 0;
    const findings: Finding[] = [];
    if (bytes > 0) {
      const egress = internetEgressCost(bytes, prices.priceOf(regionName, "internetEgress"), {
        periodDays: dataDays,
        daysInMonth: p.days_per_month,
      });
      findings.push({
        insight: "internet-egress",
        measure: "internet_egress",
        severity: "info",
        sentence: `${formatBytes(bytes)} went to the internet: about ${formatUsd(egress.usd)} of data transfer out. ${egress.assumption}`,
        usd: egress.usd,
        rate: describeRate(egress.rate),
        numbers: {
          internet_egress_bytes: bytes,
          via_nat_bytes: viaNat,
          usd_per_month: (egress.usd * p.days_per_month) / dataDays,
        },
      });
      if (viaNat > 0) {
        const nat = costOf(viaNat, prices.priceOf(regionName, "natGatewayProcessing"));
        findings.push({
          insight: "internet-egress",
          severity: "low",
          sentence: `${formatBytes(viaNat)} of it left through a NAT gateway and also paid ${formatUsd(nat.usd)} of NAT processing.`,
          usd: nat.usd,
          rate: describeRate(nat.rate),
          numbers: { via_nat_bytes: viaNat },
        });
      }
    }
    const table = [
      ...top.filter((r) => r.side === "source").slice(0, p.top),
      ...top.filter((r) => r.side === "destination").slice(0, p.top),
    ];
    return {
      findings,
      table,
      notes: [
        "Internet egress is read from records leaving through an internet gateway (traffic-path 8, or 2) to addresses outside AWS's ranges; formats without traffic-path show none.",
      ],
      chart:
        bytes === 0
          ? undefined
          : {
              title: "Internet egress by source",
              data: { values: table.filter((r) => r.side === "source") },
              transform: [{ calculate: "datum.bytes / 1073741824", as: "GiB" }],
              mark: { type: "bar", tooltip: true },
              encoding: {
                y: { field: "name", type: "nominal", sort: "-x", title: null },
                x: { field: "GiB", type: "quantitative", title: "GiB (2^30 bytes)" },
                color: { field: "via_nat", type: "nominal", title: "through a NAT gateway" },
              },
            },
    };
  },
};
