/**
 * GET /api/days, /api/report and /api/insights/:id on the small demo store: the report is the one
 * `flowlens report` writes, and the panels are its findings' own figures.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderedChartSpec } from "../../../src/report/charts/render-chart.js";
import { DEMO_DAY, demoStores, startApiServer } from "../../helpers/api-server.js";
import { runCli } from "../../helpers/run-cli.js";
import { tempDir } from "../../helpers/temp-dir.js";

const demoStore = demoStores();

interface Finding {
  measure?: string;
  usd?: number;
  numbers: Record<string, number>;
  sentence: string;
}

describe("GET /api/days", () => {
  it("lists each day with data with its records and bytes as flows holds them", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get("/api/days");
    expect(answer.statusCode).toBe(200);
    const truth = await server.rows(
      "SELECT CAST(day AS VARCHAR) AS day, count(*)::INTEGER AS records, sum(bytes)::DOUBLE AS bytes FROM flows GROUP BY day ORDER BY day",
    );
    const days = answer.json().days as { day: string; records: number; bytes: number }[];
    expect(days.map(({ day, records, bytes }) => ({ day, records, bytes }))).toEqual(truth);
  });

  it("says a day whose hours do not all hold records is incomplete, and why", async () => {
    const server = await startApiServer(demoStore());
    const days = (await server.get("/api/days")).json().days as {
      day: string;
      complete: boolean;
      hoursWithData: number;
      gaps: string[];
    }[];
    const partial = days.find((d) => d.hoursWithData < 24);
    expect(partial).toBeDefined();
    expect(partial?.complete).toBe(false);
    expect(partial?.gaps).toContain(`${24 - (partial?.hoursWithData ?? 0)} of 24 hours hold no records`);
  });
});

describe("GET /api/report", () => {
  it("is the report flowlens report writes to report.json for the same day", async () => {
    const db = demoStore();
    const out = tempDir("flowlens-api-report-");
    expect(
      (await runCli(["report", "--date", DEMO_DAY, "--out-dir", out, "--db", db, "--formats", "json"])).code,
    ).toBe(0);
    const written = JSON.parse(readFileSync(join(out, DEMO_DAY, "report.json"), "utf8"));
    const server = await startApiServer(db);
    const answer = await server.get(`/api/report?from=${DEMO_DAY}&to=${DEMO_DAY}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.json().report).toEqual(written);
  });

  it("gives each cost the dollars, monthly figure and bytes of the insight's own finding", async () => {
    const server = await startApiServer(demoStore());
    const { report, costs } = (await server.get(`/api/report?from=${DEMO_DAY}`)).json();
    const finding = (measure: string) =>
      (report.insights as { findings: Finding[] }[])
        .flatMap((i) => i.findings)
        .find((f) => f.measure === measure);
    const nat = finding("nat_processing");
    expect(nat?.usd).toBeGreaterThan(0);
    expect(costs.find((c: { measure: string }) => c.measure === "nat_processing")).toMatchObject({
      usd: nat?.usd,
      usdPerMonth: nat?.numbers.usd_per_month,
      bytes: nat?.numbers.processed_bytes,
      sentence: nat?.sentence,
    });
    expect(costs.map((c: { measure: string }) => c.measure)).toEqual([
      "nat_processing",
      "s3_dynamodb_via_nat",
      "cross_az",
      "internet_egress",
    ]);
  });

  it("gives the security panel the rejected records of the rejected-traffic finding", async () => {
    const server = await startApiServer(demoStore());
    const { report, security } = (await server.get(`/api/report?from=${DEMO_DAY}`)).json();
    const rejected = (report.insights as { findings: Finding[] }[])
      .flatMap((i) => i.findings)
      .find((f) => f.measure === "rejected");
    expect(security.rejectedRecords).toBe(rejected?.numbers.rejected_records);
    expect(security.rejectedRecords).toBeGreaterThan(0);
  });

  it("answers the same generation when nothing changed in the store", async () => {
    const server = await startApiServer(demoStore());
    const first = (await server.get(`/api/report?from=${DEMO_DAY}`)).json();
    const second = (await server.get(`/api/report?from=${DEMO_DAY}`)).json();
    expect(second.generation).toBe(first.generation);
    expect(second.report).toEqual(first.report);
  });

  it("refuses a day that is not a calendar day, naming the parameter", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get("/api/report?from=2026-02-30");
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({
      error: 'query parameter from "2026-02-30" is not a calendar day: expected YYYY-MM-DD',
      code: "FLOWLENS_USAGE",
      hint: "write the UTC day as e.g. 2024-03-01",
    });
  });

  it("refuses a period that ends before it starts", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get("/api/report?from=2026-11-30&to=2026-11-01");
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe(
      'query parameter to: expected a day on or after from (2026-11-30), got "2026-11-01"',
    );
  });

  it("refuses a parameter it does not know, listing the ones it does", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/report?from=${DEMO_DAY}&day=${DEMO_DAY}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe(
      "query parameter day: unknown query parameter: expected one of from, to",
    );
  });

  it("refuses a request without from", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get("/api/report");
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toBe("query parameter from: expected text, got nothing");
  });
});

describe("GET /api/insights/:id", () => {
  it("has the insight's findings and the chart spec its PNG is rendered from", async () => {
    const server = await startApiServer(demoStore());
    const { report } = (await server.get(`/api/report?from=${DEMO_DAY}`)).json();
    const answer = await server.get(`/api/insights/nat-gateway?from=${DEMO_DAY}`);
    expect(answer.statusCode).toBe(200);
    const inReport = report.insights.find((i: { id: string }) => i.id === "nat-gateway");
    const { insight } = answer.json();
    expect(insight.findings).toEqual(inReport.findings);
    expect(insight.table).toEqual(inReport.table);
    expect(insight.chart).toEqual(renderedChartSpec(inReport.chart));
    expect(insight.chart.width).toBe(640);
  });

  it("answers 404 naming the insights there are for an id that is none of them", async () => {
    const server = await startApiServer(demoStore());
    const answer = await server.get(`/api/insights/nope?from=${DEMO_DAY}`);
    expect(answer.statusCode).toBe(404);
    expect(answer.json().error).toMatch(/^no insight "nope": expected one of overview, .*nat-gateway/);
  });
});
