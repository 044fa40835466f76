/**
 * Top talkers: who moved the most bytes — source and destination addresses, pairs, ENIs, ports and AWS
 * services — so the other insights' dollars can be traced to the workloads behind them.
 */
import { z } from "zod";
import { formatBytes } from "../../text/format-numbers.js";
import type { Finding, InsightDefinition } from "../insight.js";
import { InsightSql } from "../insight-sql.js";

const params = z.object({ top: z.number().int().positive().default(10) }).strict();

interface TalkerRow extends Record<string, unknown> {
  dimension: string;
  talker: string;
  bytes: number;
  records: number;
}

export const topTalkers: InsightDefinition<z.infer<typeof params>> = {
  id: "top-talkers",
  title: "Top talkers",
  description: "The largest sources, destinations, pairs, ENIs, ports and AWS services by bytes.",
  params,
  async run({ store, period, params: p }) {
    const rows = await new InsightSql(store, import.meta.url, period).rows<TalkerRow>("top-talkers.sql", {
      top: p.top,
    });
    const first = (dimension: string) => rows.find((r) => r.dimension === dimension);
    const findings: Finding[] = [];
    const pair = first("pair");
    const sender = first("interface (sent)");
    const service = first("aws service");
    if (pair && sender) {
      findings.push({
        insight: "top-talkers",
        severity: "info",
        sentence: `The largest conversation was ${pair.talker} (${formatBytes(pair.bytes)}); the ENI that sent the most was ${sender.talker} (${formatBytes(sender.bytes)})${service ? `; the AWS service most sent to was ${service.talker} (${formatBytes(service.bytes)})` : ""}.`,
        numbers: {
          top_pair: pair.talker,
          top_pair_bytes: pair.bytes,
          top_sender: sender.talker,
          top_sender_bytes: sender.bytes,
        },
      });
    }
    const sources = rows.filter((r) => r.dimension === "interface (sent)");
    return {
      findings,
      table: rows,
      notes: ["Bytes are counted per record, so a conversation seen on both of its ENIs counts on each."],
      chart:
        sources.length === 0
          ? undefined
          : {
              title: "ENIs by bytes sent",
              data: { values: sources },
              transform: [{ calculate: "datum.bytes / 1073741824", as: "GiB" }],
              mark: { type: "bar", tooltip: true },
              encoding: {
                y: { field: "talker", type: "nominal", sort: "-x", title: null },
                x: { field: "GiB", type: "quantitative", title: "GiB (2^30 bytes)" },
              },
            },
    };
  },
};
