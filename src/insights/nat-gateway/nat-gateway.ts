/**
 * NAT gateway: what the NAT gateways processed, by destination class (S3, DynamoDB, other AWS, internet)
 * and by the inside subnet and AZ, priced. S3 and DynamoDB through a NAT gateway is the classic trap: a
 * free gateway endpoint removes it. After an endpoint exists, this says how much S3 traffic still takes
 * the NAT and which subnets' route tables are responsible. Sources in another AZ than their NAT gateway
 * also pay cross-AZ transfer (out of one AZ and into the other, for every byte), priced here too.
 */
import { z } from "zod";
import { costOf, describeRate, formatUsd } from "../../pricing/money.js";
import { formatBytes } from "../../text/format-numbers.js";
import { booleanColumns } from "../boolean-columns.js";
import type { Finding, InsightDefinition, Severity } from "../insight.js";
import { derivedTables, InsightSql } from "../insight-sql.js";
import { monthlyRate } from "../monthly-rate.js";

const params = z
  .object({
    /** Days in a month, to turn the period's cost into a monthly one. */
    days_per_month: z.number().positive().default(30),
    /** Monthly S3/DynamoDB-through-NAT cost from which the finding is high severity. */
    high_usd_per_month: z.number().nonnegative().default(100),
  })
  .strict();

type Params = z.infer<typeof params>;

interface GatewayRow extends Record<string, unknown> {
  nat_gateway_id: string;
  region: string;
  destination: string;
  bytes: number;
}

interface SubnetRow extends Record<string, unknown> {
  subnet_id: string;
  az_id: string | null;
  route_table_id: string | null;
  has_s3_endpoint: boolean | null;
  destination: string;
  cross_az: boolean;
  bytes: number;
}

const sum = (rows: readonly { bytes: number }[]) => rows.reduce((total, r) => total + r.bytes, 0);

/** The tables its statements read, built in this order (alert metrics build them too). */
export const natGatewayTables = derivedTables(import.meta.url, [["nat_processed", "nat-processed.sql"]]);

export const natGateway: InsightDefinition<Params> = {
  id: "nat-gateway",
  title: "NAT gateway",
  description:
    "Bytes NAT gateways processed by destination (S3, DynamoDB, other AWS, internet) and by source subnet and AZ, priced; S3/DynamoDB that a gateway endpoint would carry for free; cross-AZ NAT traffic.",
  params,
  async run({ store, period, params: p, prices }) {
    const sql = new InsightSql(store, import.meta.url, period);
    await sql.deriveAll(natGatewayTables);
    const gateways = await sql.rows<GatewayRow>("by-gateway.sql");
    const subnets = booleanColumns(await sql.rows<SubnetRow>("by-subnet.sql"), [
      "has_s3_endpoint",
      "cross_az",
    ]);
    const [endpoint] = await sql.rows<{ bytes: number }>("s3-via-endpoint.sql");
    const rate = await monthlyRate(store, period, p.days_per_month);
    const perMonth = rate.perMonth;
    const region = gateways[0]?.region ?? "us-east-1";
    const natPrice = prices.priceOf(region, "natGatewayProcessing");
    const crossAzPrice = prices.priceOf(region, "crossAz");

    const findings: Finding[] = [];
    const notes: string[] = [];
    if (gateways.length === 0) {
      notes.push(
        "No NAT gateway traffic: either none processed any, or the inventory lists no NAT gateway (flowlens inventory import/sync).",
      );
    }
    const total = sum(gateways);
    const byDestination = (d: string) => sum(gateways.filter((g) => g.destination === d));
    const s3 = byDestination("S3");
    const dynamodb = byDestination("DynamoDB");
    if (total > 0) {
      const cost = costOf(total, natPrice);
      findings.push({
        insight: "nat-gateway",
        measure: "nat_processing",
        severity: "info",
        sentence: `NAT gateways processed ${formatBytes(total)}: ${formatUsd(cost.usd)} of NAT data processing.`,
        usd: cost.usd,
        rate: describeRate(natPrice),
        numbers: {
          processed_bytes: total,
          s3_bytes: s3,
          dynamodb_bytes: dynamodb,
          other_aws_bytes: byDestination("other AWS"),
          internet_bytes: byDestination("internet"),
          usd_per_month: perMonth(cost.usd),
        },
      });
    }
    if (s3 + dynamodb > 0) {
      const cost = costOf(s3 + dynamodb, natPrice);
      const severity: Severity = perMonth(cost.usd) >= p.high_usd_per_month ? "high" : "medium";
      findings.push({
        insight: "nat-gateway",
        measure: "s3_dynamodb_via_nat",
        severity,
        sentence: `S3 and DynamoDB traffic through NAT gateways cost ${formatUsd(cost.usd)} (≈ ${formatUsd(perMonth(cost.usd))}/month${rate.basis}): ${formatBytes(s3)} to S3 and ${formatBytes(dynamodb)} to DynamoDB. A gateway endpoint carries it for free.`,
        usd: cost.usd,
        rate: describeRate(natPrice),
        numbers: { s3_bytes: s3, dynamodb_bytes: dynamodb, usd_per_month: perMonth(cost.usd) },
      });
    }
    const endpointBytes = endpoint?.bytes ?? 0;
    if (s3 > 0 && endpointBytes > 0) {
      const responsible = subnets.filter((r) => r.destination === "S3");
      findings.push({
        insight: "nat-gateway",
        severity: "medium",
        sentence: `An S3 gateway endpoint is in use, yet ${((100 * s3) / (s3 + endpointBytes)).toFixed(1)}% of S3 bytes still went through a NAT gateway, from ${responsible
          .map(
            (r) =>
              `${r.subnet_id} (route table ${r.route_table_id ?? "unknown"}${r.has_s3_endpoint ? "" : ", no S3 endpoint route"})`,
          )
          .join(", ")}.`,
        numbers: { s3_via_nat_bytes: s3, s3_via_endpoint_bytes: endpointBytes },
      });
    }
    const crossAz = sum(subnets.filter((r) => r.cross_az));
    if (crossAz > 0) {
      const cost = costOf(crossAz, crossAzPrice);
      findings.push({
        insight: "nat-gateway",
        severity: "low",
        sentence: `${formatBytes(crossAz)} reached a NAT gateway in another AZ, adding ${formatUsd(cost.usd)} of cross-AZ transfer (also in the cross-AZ insight's total, not on top of it); a NAT gateway per AZ avoids it.`,
        usd: cost.usd,
        rate: describeRate(crossAzPrice),
        numbers: { cross_az_bytes: crossAz },
      });
    }
    const [hostless] = await sql.rows<{ bytes: number }>("hostless.sql");
    const withoutPktFields = hostless?.bytes ?? 0;
    if (withoutPktFields > 0)
      notes.push(
        `${formatBytes(withoutPktFields)} were logged without pkt-srcaddr/pkt-dstaddr (the default format, for one): counted once from the NAT's outside legs, but their inside hosts and subnets are unknown. Add those fields to the flow log format to attribute them.`,
      );
    const unknown = sum(subnets.filter((r) => r.subnet_id === "(unknown)")) - withoutPktFields;
    if (unknown > 0)
      notes.push(
        `${formatBytes(unknown)} came from hosts the inventory does not list; their subnet is unknown.`,
      );
    return {
      findings,
      table: subnets,
      notes,
      chart:
        gateways.length === 0
          ? undefined
          : {
              title: "NAT gateway bytes by destination",
              data: { values: gateways },
              transform: [{ calculate: "datum.bytes / 1073741824", as: "GiB" }],
              mark: { type: "bar", tooltip: true },
              encoding: {
                y: { field: "nat_gateway_id", type: "nominal", title: null },
                x: { field: "GiB", type: "quantitative", title: "GiB (2^30 bytes)", stack: "zero" },
                color: { field: "destination", type: "nominal" },
              },
            },
    };
  },
};
