/**
 * Cross-AZ: bytes between AZ IDs (never AZ names, which differ per account), and the ENI pairs and ports
 * responsible. AWS bills every byte that crosses twice: out of the sending AZ and into the receiving one
 * ($0.01/GB each in us-east-1), so each byte is priced at the sum of both charges. Requests and responses
 * are separate bytes, each counted once from its sender's egress record.
 */
import { z } from "zod";
import { costOf, describeRate, formatUsd } from "../../pricing/money.js";
import { formatBytes } from "../../text/format-numbers.js";
import { estateRegion } from "../estate-region.js";
import type { Finding, InsightDefinition } from "../insight.js";
import { derivedTables, InsightSql } from "../insight-sql.js";
import { monthlyRate } from "../monthly-rate.js";

const params = z
  .object({
    days_per_month: z.number().positive().default(30),
    /** How many ENI pairs to list. */
    top_pairs: z.number().int().positive().default(10),
    /** Monthly cross-AZ cost from which the finding is high severity. */
    high_usd_per_month: z.number().nonnegative().default(100),
  })
  .strict();

interface PairRow extends Record<string, unknown> {
  az_pair: string;
  bytes: number;
}

interface TalkerRow extends Record<string, unknown> {
  sender_interface_id: string;
  receiver_interface_id: string;
  port: number | null;
  bytes: number;
}

/** The tables its statements read, built in this order (alert metrics build them too). */
export const crossAzTables = derivedTables(import.meta.url, [
  ["vpc_egress", "vpc-egress.sql"],
  ["cross_az_egress", "cross-az-egress.sql"],
]);

export const crossAz: InsightDefinition<z.infer<typeof params>> = {
  id: "cross-az",
  title: "Cross-AZ traffic",
  description:
    "Bytes between AZ IDs, each priced out of the sending AZ and into the receiving one, and the ENI pairs and ports responsible.",
  params,
  async run({ store, period, params: p, prices }) {
    const sql = new InsightSql(store, import.meta.url, period);
    await sql.deriveAll(crossAzTables);
    const pairs = await sql.rows<PairRow>("by-pair.sql");
    const talkers = await sql.rows<TalkerRow>("top-talkers.sql", { limit: p.top_pairs });
    const price = prices.priceOf(await estateRegion(store), "crossAz");
    const rate = await monthlyRate(store, period, p.days_per_month);
    const total = pairs.reduce((sum, r) => sum + r.bytes, 0);
    const findings: Finding[] = [];
    const notes = [
      "Each byte is counted once, from its sender's egress record, and priced at both charges AWS bills for it: out of the sending AZ and into the receiving AZ.",
    ];
    const [inventory] = await store.rows<{ n: number }>("SELECT count(*) AS n FROM inventory_enis");
    if (!inventory?.n)
      notes.push(
        "No inventory: receivers' AZs are unknown, so cross-AZ traffic cannot be measured (flowlens inventory import/sync).",
      );
    const [unattributed] = await sql.rows<{ bytes: number }>("unattributed.sql");
    if (inventory?.n && unattributed?.bytes)
      notes.push(
        `${formatBytes(unattributed.bytes)} sent within the VPC is not counted: its sender or receiver is an ENI the inventory does not list (or, for a receiver, beyond a transit gateway), so its AZ is unknown.`,
      );
    if (total > 0) {
      const cost = costOf(total, price);
      const monthly = rate.perMonth(cost.usd);
      const top = talkers[0];
      findings.push({
        insight: "cross-az",
        measure: "cross_az",
        severity: monthly >= p.high_usd_per_month ? "high" : "medium",
        sentence: `${formatBytes(total)} crossed AZs, costing ${formatUsd(cost.usd)} (≈ ${formatUsd(monthly)}/month${rate.basis}); the largest pair is ${pairs[0]?.az_pair} with ${formatBytes(pairs[0]?.bytes ?? 0)}${top ? `, led by ${top.sender_interface_id} → ${top.receiver_interface_id} on port ${top.port}` : ""}.`,
        usd: cost.usd,
        rate: describeRate(price),
        numbers: {
          cross_az_bytes: total,
          usd_per_month: monthly,
          ...Object.fromEntries(pairs.map((r) => [r.az_pair, r.bytes])),
        },
      });
    }
    return {
      findings,
      table: talkers,
      notes,
      chart:
        pairs.length === 0
          ? undefined
          : {
              title: "Cross-AZ bytes by AZ ID pair (sender > receiver)",
              data: { values: pairs },
              transform: [{ calculate: "datum.bytes / 1073741824", as: "GiB" }],
              mark: { type: "bar", tooltip: true },
              encoding: {
                y: { field: "az_pair", type: "nominal", sort: "-x", title: null },
                x: { field: "GiB", type: "quantitative", title: "GiB (2^30 bytes)" },
              },
            },
    };
  },
};
