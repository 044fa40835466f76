/**
 * Daily series: each money and security number of the insights, per UTC day over a range, in one
 * statement per number however many days the range holds. Every number is the insight's own: the
 * insights' temporary tables (nat_processed, cross_az_egress, internet_egress, rejected; built by their
 * SQL files for the whole range) carry the rollup's day, and the series group them by it; dollars come
 * from the pricing module with the insights' parameters. So a series' value for a day is what a report
 * for that day alone states (test/trends checks this day by day).
 *
 * Runs on every backend: the statements are src/trends/'s SQL files in the store's dialect
 * (`name.duckdb.sql` / `name.clickhouse.sql`), and the insights' tables are derived from their own files
 * in that dialect (on ClickHouse, which keeps no temporary tables, as subqueries; see insight-sql.ts).
 * Reads only: the caller keeps the rollups and the addresses fresh, as `flowlens report` does
 * (`prepareStoreForSeries`).
 */
import { refreshStoreAddresses } from "../enrich/enrichment-store.js";
import { ensureEnrichmentTables } from "../insights/enrichment-tables.js";
import { estateRegion } from "../insights/estate-region.js";
import type { Period } from "../insights/insight.js";
import type { InsightSql } from "../insights/insight-sql.js";
import { internetEgress } from "../insights/internet-egress/internet-egress.js";
import { rejectedTraffic } from "../insights/rejected-traffic/rejected-traffic.js";
import { scans } from "../insights/scans/scans.js";
import { internetEgressCost } from "../pricing/internet-egress-cost.js";
import { costOf, describeRate } from "../pricing/money.js";
import { loadPrices, type PriceTable } from "../pricing/price-table.js";
import type { Store } from "../store/store.js";
import { addDays } from "../utc-day.js";
import { insightFile, trendsSql } from "./insight-sql.js";

/** The numbers a series can be of. */
export const METRICS = {
  nat_processed: { title: "NAT gateway processing", unit: "bytes" },
  s3_via_nat: { title: "S3 through NAT gateways", unit: "bytes" },
  dynamodb_via_nat: { title: "DynamoDB through NAT gateways", unit: "bytes" },
  cross_az: { title: "Cross-AZ transfer", unit: "bytes" },
  internet_egress: { title: "Internet egress", unit: "bytes" },
  rejected_records: { title: "Rejected records", unit: "records" },
  rejected_bytes: { title: "Rejected bytes", unit: "bytes" },
  admin_probes: { title: "Admin-port probes from the internet", unit: "records" },
  scans: { title: "Scanning sources", unit: "sources" },
} as const satisfies Record<string, { title: string; unit: "bytes" | "records" | "sources" }>;

export type MetricId = keyof typeof METRICS;
export type MetricUnit = (typeof METRICS)[MetricId]["unit"];

export interface DayValue {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  /** Bytes, records or sources, as the series' unit says. */
  readonly value: number;
  /** Dollars of that day, for a series about money; null otherwise. */
  readonly usd: number | null;
}

export interface Series {
  readonly metric: MetricId;
  readonly title: string;
  readonly unit: MetricUnit;
  /** Set for a series of one NAT gateway; absent for the total over all of them. */
  readonly natGatewayId?: string;
  /** The price the dollars used, in words; absent for a series without dollars. */
  readonly rate?: string;
  /** One value per day of the range, in order (0 on days without any). */
  readonly values: readonly DayValue[];
}

export interface DailySeries {
  readonly period: Period;
  /** Every day of the period, in order. */
  readonly days: readonly string[];
  /** The days holding data (records from at least two hours), as per-month rates count them. */
  readonly dataDays: readonly string[];
  readonly series: readonly Series[];
}

export interface DailySeriesOptions {
  /** Parameters per insight id, from the config's `insights:`. @default each insight's defaults */
  readonly params?: Readonly<Record<string, unknown>>;
  /** @default list prices without overrides */
  readonly prices?: PriceTable;
}

/** The days from `from` to `to`, both included. */
export function daysOf(period: Period): string[] {
  const days: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Catches the rollups and address classes up, as a report does before its insights (needs a writable store). */
export async function prepareStoreForSeries(store: Store): Promise<void> {
  await refreshStoreAddresses(store);
  await store.settleRollups();
}

interface NatRow extends Record<string, unknown> {
  day: string;
  nat_gateway_id: string;
  region: string;
  destination: string;
  bytes: number;
}

interface DayBytes extends Record<string, unknown> {
  day: string;
  bytes: number;
}

interface RejectedRow extends DayBytes {
  records: number;
  admin_probe_records: number;
}

/**
 * @example const { series } = await dailySeries(store, { from: "2026-11-01", to: "2026-11-30" });
 */
export async function dailySeries(
  store: Store,
  period: Period,
  options: DailySeriesOptions = {},
): Promise<DailySeries> {
  const params = options.params ?? {};
  const prices = options.prices ?? loadPrices();
  await ensureEnrichmentTables(store);
  const days = daysOf(period);
  const sql = trendsSql(store, period);
  const dataDays = (await sql.rows<{ day: string }>("data-days.sql")).map((r) => r.day);
  const build = (
    metric: MetricId,
    rows: readonly { day: string; value: number; usd: number | null }[],
    extra: { natGatewayId?: string; rate?: string } = {},
  ): Series => {
    const byDay = new Map<string, { value: number; usd: number | null }>();
    for (const row of rows) {
      const seen = byDay.get(row.day);
      byDay.set(row.day, {
        value: (seen?.value ?? 0) + row.value,
        usd: row.usd === null ? null : (seen?.usd ?? 0) + row.usd,
      });
    }
    const money = extra.rate !== undefined;
    return {
      metric,
      ...METRICS[metric],
      ...extra,
      values: days.map((day) => ({
        day,
        value: byDay.get(day)?.value ?? 0,
        usd: money ? (byDay.get(day)?.usd ?? 0) : null,
      })),
    };
  };

  const series: Series[] = [];
  series.push(...(await natSeries(sql, prices, build)));

  // The region the insights price cross-AZ and internet egress in.
  const regionName = await estateRegion(store);

  await sql.derive("vpc_egress", insightFile("cross-az", "vpc-egress.sql"));
  await sql.derive("cross_az_egress", insightFile("cross-az", "cross-az-egress.sql"));
  const crossAzPrice = prices.priceOf(regionName, "crossAz");
  const crossAz = await sql.rows<DayBytes>("cross-az-by-day.sql");
  series.push(
    build(
      "cross_az",
      crossAz.map((r) => ({ day: r.day, value: r.bytes, usd: costOf(r.bytes, crossAzPrice).usd })),
      { rate: describeRate(crossAzPrice) },
    ),
  );

  await sql.derive("internet_egress", insightFile("internet-egress", "internet-egress.sql"));
  const egressPrice = prices.priceOf(regionName, "internetEgress");
  const { days_per_month } = internetEgress.params.parse(params[internetEgress.id] ?? {});
  const egress = await sql.rows<DayBytes>("internet-egress-by-day.sql");
  series.push(
    build(
      "internet_egress",
      // A report for one day prices its egress as that day repeated for the month (periodDays 1).
      egress.map((r) => ({
        day: r.day,
        value: r.bytes,
        usd: internetEgressCost(r.bytes, egressPrice, { periodDays: 1, daysInMonth: days_per_month }).usd,
      })),
      { rate: describeRate(egressPrice) },
    ),
  );

  await sql.derive("rejected", insightFile("rejected-traffic", "rejected.sql"));
  const { admin_ports } = rejectedTraffic.params.parse(params[rejectedTraffic.id] ?? {});
  const rejected = await sql.rows<RejectedRow>("rejected-by-day.sql", {
    ports: `[${admin_ports.join(",")}]`,
  });
  const counts = (pick: (r: RejectedRow) => number) =>
    rejected.map((r) => ({ day: r.day, value: pick(r), usd: null }));
  series.push(
    build(
      "rejected_records",
      counts((r) => r.records),
    ),
  );
  series.push(
    build(
      "rejected_bytes",
      counts((r) => r.bytes),
    ),
  );
  series.push(
    build(
      "admin_probes",
      counts((r) => r.admin_probe_records),
    ),
  );

  const scanParams = scans.params.parse(params[scans.id] ?? {});
  const scanning = await sql.rows<{ day: string; sources: number }>("scans-by-day.sql", scanParams);
  series.push(
    build(
      "scans",
      scanning.map((r) => ({ day: r.day, value: r.sources, usd: null })),
    ),
  );
  return { period, days, dataDays, series };
}

type Build = (
  metric: MetricId,
  rows: readonly { day: string; value: number; usd: number | null }[],
  extra?: { natGatewayId?: string; rate?: string },
) => Series;

/** NAT processing, S3 and DynamoDB through NAT: in total and per NAT gateway, each priced in its region. */
async function natSeries(sql: InsightSql, prices: PriceTable, build: Build): Promise<Series[]> {
  await sql.derive("nat_processed", insightFile("nat-gateway", "nat-processed.sql"));
  const rows = await sql.rows<NatRow>("nat-by-day.sql");
  const gateways = [...new Set(rows.map((r) => r.nat_gateway_id))].sort();
  const rates = [...new Set(rows.map((r) => r.region))].map((region) =>
    describeRate(prices.priceOf(region, "natGatewayProcessing")),
  );
  const rate =
    rates.length > 0 ? rates.join("; ") : describeRate(prices.priceOf("us-east-1", "natGatewayProcessing"));
  const priced = (selected: readonly NatRow[]) =>
    selected.map((r) => ({
      day: r.day,
      value: r.bytes,
      usd: costOf(r.bytes, prices.priceOf(r.region, "natGatewayProcessing")).usd,
    }));
  const destinations = { nat_processed: null, s3_via_nat: "S3", dynamodb_via_nat: "DynamoDB" } as const;
  const series: Series[] = [];
  for (const [metric, destination] of Object.entries(destinations) as [MetricId, string | null][]) {
    const of = (r: NatRow) => destination === null || r.destination === destination;
    series.push(build(metric, priced(rows.filter(of)), { rate }));
    for (const id of gateways) {
      const gatewayRate = describeRate(
        prices.priceOf(
          rows.find((r) => r.nat_gateway_id === id)?.region ?? "us-east-1",
          "natGatewayProcessing",
        ),
      );
      series.push(
        build(metric, priced(rows.filter((r) => r.nat_gateway_id === id && of(r))), {
          natGatewayId: id,
          rate: gatewayRate,
        }),
      );
    }
  }
  return series;
}
