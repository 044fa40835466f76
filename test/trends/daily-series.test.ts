/**
 * The daily series on a three-day demo: every series equals, day by day, the number the insights state in
 * a report for that day alone; S3 through the NAT gateway and rejected bytes are also recomputed from
 * `flows` with plain SQL of this test's own, and checked against the demo's ground truth.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/insights/insight.js";
import { BUILT_IN_INSIGHTS } from "../../src/insights/registry.js";
import { buildReport, type Report } from "../../src/report/build-report.js";
import type { DuckDbStore } from "../../src/store/duckdb/duckdb-store.js";
import {
  type DailySeries,
  dailySeries,
  type MetricId,
  prepareStoreForSeries,
} from "../../src/trends/daily-series.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { demoStore } from "./demo-store.js";

const DAYS = ["2026-11-18", "2026-11-19", "2026-11-20"];
let store: DuckDbStore;
let truthDays: { date: string; s3ViaNatBytes: number }[];
let series: DailySeries;
const reports = new Map<string, Report>();

beforeAll(async () => {
  const demo = await demoStore(sharedTempDir(), { startDate: "2026-11-18", days: 3, recordsPerDay: 4000 });
  store = demo.store;
  truthDays = demo.truth.days as unknown as typeof truthDays;
  await prepareStoreForSeries(store);
  // One day earlier than the demo: the day before holds only the connections open at its first midnight.
  series = await dailySeries(store, { from: "2026-11-17", to: "2026-11-20" });
  for (const day of DAYS)
    reports.set(day, await buildReport(store, BUILT_IN_INSIGHTS, { from: day, to: day }));
}, 120_000);

afterAll(() => store?.close());

function findings(day: string, insight: string): readonly Finding[] {
  return reports.get(day)?.insights.find((i) => i.id === insight)?.findings ?? [];
}

function insightNumber(day: string, insight: string, key: string): number {
  return Number(findings(day, insight).find((f) => key in f.numbers)?.numbers[key] ?? 0);
}

function insightUsd(day: string, insight: string, key: string): number {
  return findings(day, insight).find((f) => key in f.numbers)?.usd ?? 0;
}

function total(metric: MetricId) {
  const found = series.series.find((s) => s.metric === metric && s.natGatewayId === undefined);
  if (!found) throw new Error(`no ${metric} series`);
  return found;
}

function valueOn(metric: MetricId, day: string) {
  return total(metric).values.find((v) => v.day === day);
}

describe("daily series", () => {
  it("has one value per day of the range, in order, and names the days with data", () => {
    expect(total("nat_processed").values.map((v) => v.day)).toEqual(["2026-11-17", ...DAYS]);
    expect(series.dataDays).toEqual(DAYS);
  });

  it.each(DAYS)("NAT gateway processing on %s is the nat-gateway insight's, bytes and dollars", (day) => {
    expect(valueOn("nat_processed", day)?.value).toBe(insightNumber(day, "nat-gateway", "processed_bytes"));
    expect(valueOn("nat_processed", day)?.usd).toBeCloseTo(
      insightUsd(day, "nat-gateway", "processed_bytes"),
      10,
    );
  });

  it.each(DAYS)("S3 and DynamoDB through NAT on %s are the nat-gateway insight's", (day) => {
    expect(valueOn("s3_via_nat", day)?.value).toBe(insightNumber(day, "nat-gateway", "s3_bytes"));
    expect(valueOn("dynamodb_via_nat", day)?.value).toBe(insightNumber(day, "nat-gateway", "dynamodb_bytes"));
    const both = (valueOn("s3_via_nat", day)?.usd ?? 0) + (valueOn("dynamodb_via_nat", day)?.usd ?? 0);
    const viaNat = findings(day, "nat-gateway").find((f) => f.measure === "s3_dynamodb_via_nat");
    expect(both).toBeCloseTo(viaNat?.usd ?? 0, 10);
  });

  it("splits the NAT series per NAT gateway, and the demo's one gateway carries all of it", async () => {
    const gateways = await store.rows<{ id: string }>(
      "SELECT nat_gateway_id AS id FROM inventory_nat_gateways",
    );
    const perGateway = series.series.filter((s) => s.metric === "s3_via_nat" && s.natGatewayId);
    expect(perGateway.map((s) => s.natGatewayId)).toEqual(gateways.map((g) => g.id));
    expect(perGateway[0]?.values).toEqual(total("s3_via_nat").values);
  });

  it.each(DAYS)("cross-AZ on %s is the cross-az insight's, priced out and in", (day) => {
    expect(valueOn("cross_az", day)?.value).toBe(insightNumber(day, "cross-az", "cross_az_bytes"));
    expect(valueOn("cross_az", day)?.usd).toBeCloseTo(insightUsd(day, "cross-az", "cross_az_bytes"), 10);
    expect(total("cross_az").rate).toBe("$0.01/GB out + $0.01/GB in, us-east-1 list price as of 2026-11-22");
  });

  it.each(DAYS)("internet egress on %s is the internet-egress insight's, on the monthly tiers", (day) => {
    expect(valueOn("internet_egress", day)?.value).toBe(
      insightNumber(day, "internet-egress", "internet_egress_bytes"),
    );
    expect(valueOn("internet_egress", day)?.usd).toBeCloseTo(
      insightUsd(day, "internet-egress", "internet_egress_bytes"),
      10,
    );
  });

  it.each(DAYS)("rejected records and admin-port probes on %s are the rejected-traffic insight's", (day) => {
    expect(valueOn("rejected_records", day)?.value).toBe(
      insightNumber(day, "rejected-traffic", "rejected_records"),
    );
    expect(valueOn("admin_probes", day)?.value).toBe(
      insightNumber(day, "rejected-traffic", "admin_probe_records"),
    );
    expect(valueOn("admin_probes", day)?.value).toBeGreaterThan(0);
  });

  it.each(DAYS)("scanning sources on %s are as many as the scans insight's findings", (day) => {
    expect(valueOn("scans", day)?.value).toBe(findings(day, "scans").length);
  });

  it("finds the demo's port scan on its last day only", () => {
    expect(total("scans").values.map((v) => v.value)).toEqual([0, 0, 0, 1]);
  });

  it("S3 through NAT equals an independent sum over flows and the ground truth, day by day", async () => {
    const own = await store.rows<{ day: string; bytes: number }>(
      `SELECT strftime(day, '%Y-%m-%d') AS day, sum(bytes)::BIGINT AS bytes
       FROM flows
       WHERE interface_id IN (SELECT interface_id FROM inventory_nat_gateways)
         AND flow_direction = 'ingress' AND log_status = 'OK'
         AND (pkt_dst_aws_service = 'S3' OR pkt_src_aws_service = 'S3')
       GROUP BY ALL ORDER BY day`,
    );
    for (const day of DAYS) {
      const expected = own.find((r) => r.day === day)?.bytes;
      expect(expected).toBeGreaterThan(0);
      expect(valueOn("s3_via_nat", day)?.value).toBe(expected);
      expect(valueOn("s3_via_nat", day)?.value).toBe(truthDays.find((d) => d.date === day)?.s3ViaNatBytes);
    }
  });

  it("rejected bytes equal an independent sum over flows, day by day", async () => {
    const own = await store.rows<{ day: string; bytes: number }>(
      `SELECT strftime(day, '%Y-%m-%d') AS day, coalesce(sum(bytes), 0)::BIGINT AS bytes
       FROM flows WHERE action = 'REJECT' GROUP BY ALL ORDER BY day`,
    );
    for (const day of DAYS) {
      expect(valueOn("rejected_bytes", day)?.value).toBe(own.find((r) => r.day === day)?.bytes ?? 0);
    }
  });
});
