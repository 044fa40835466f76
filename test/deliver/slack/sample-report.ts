/**
 * A small, realistic report for delivery tests — an overview and a NAT gateway insight, each with a
 * chart — written to a test's temporary directory as the report command writes it: charts/<id>.png,
 * report.html and report.md. Also the options a delivery to the local Slack API server takes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DeliverToSlackOptions } from "../../../src/deliver/slack/deliver-to-slack.js";
import type { Finding } from "../../../src/insights/insight.js";
import { type Report, rankFindings } from "../../../src/report/build-report.js";
import { svgToPng } from "../../../src/report/charts/render-chart.js";
import type { WrittenReport } from "../../../src/report/write-report.js";
import type { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { SLACK_TEST_TOKEN, type SlackApiServer } from "../../helpers/slack-api-server.js";
import { tempDir } from "../../helpers/temp-dir.js";

export const DAY = "2026-11-20";

const NAT_RATE = "$0.045/GB, us-east-1 list price (AWS price list, 2025-01)";

const OVERVIEW: Finding = {
  insight: "overview",
  severity: "info",
  sentence:
    "1,234,567 flow log records from 42 network interfaces in 1 account(s): 1.2 TiB in 987,654,321 packets; 2,345 records rejected (0.19%).",
  numbers: {
    records: 1_234_567,
    bytes: 1_319_413_953_331,
    packets: 987_654_321,
    accepted: 1_232_222,
    rejected: 2_345,
    nodata: 120,
    skipdata: 0,
    interfaces: 42,
    accounts: 1,
  },
};

const S3_VIA_NAT: Finding = {
  insight: "nat-gateway",
  severity: "high",
  sentence:
    "S3 and DynamoDB traffic through NAT gateways cost $41.47 (≈ $1,244.10/month): 921.6 GiB to S3 and 0 B to DynamoDB. A gateway endpoint carries it for free.",
  usd: 41.47,
  rate: NAT_RATE,
  numbers: { s3_bytes: 989_560_464_998, dynamodb_bytes: 0, usd_per_month: 1244.1 },
};

const NAT_PROCESSED: Finding = {
  insight: "nat-gateway",
  severity: "medium",
  sentence: "NAT gateways processed 1.2 TiB: $55.30 of NAT data processing.",
  usd: 55.3,
  rate: NAT_RATE,
  numbers: { bytes: 1_319_413_953_331 },
};

/** The report for DAY; `changes` replace fields (a different period, other insights). */
export function sampleReport(changes: Partial<Report> = {}): Report {
  const insights: Report["insights"] = [
    {
      id: "overview",
      title: "Overview",
      description:
        "Records, bytes and packets; accepted vs rejected; NODATA/SKIPDATA share; traffic by hour.",
      findings: [OVERVIEW],
      table: [],
      chart: { mark: "bar" },
      notes: ["120 NODATA records (0.01%) are capture windows with no traffic; they carry no bytes."],
    },
    {
      id: "nat-gateway",
      title: "NAT gateways",
      description:
        "What NAT gateways processed and cost, and the traffic a gateway endpoint would carry for free.",
      findings: [NAT_PROCESSED, S3_VIA_NAT],
      table: [],
      chart: { mark: "bar" },
      notes: [],
    },
  ];
  const chosen = changes.insights ?? insights;
  return {
    title: `flowlens report — ${DAY} (UTC)`,
    period: { from: DAY, to: DAY },
    headline: rankFindings(chosen.flatMap((i) => i.findings)).slice(0, 3),
    insights: chosen,
    ...changes,
  };
}

/** A 4×4 PNG of one colour: a different colour gives different bytes. */
export function tinyPng(colour = "steelblue"): Promise<Buffer> {
  return svgToPng(
    `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="${colour}"/></svg>`,
  );
}

/** Writes the report's files as writeReport names them; `colours` picks each chart's colour. */
export async function writeSampleReport(
  report: Report,
  dir = tempDir(),
  colours: Readonly<Record<string, string>> = {},
): Promise<WrittenReport> {
  await mkdir(join(dir, "charts"), { recursive: true });
  const files: string[] = [];
  for (const insight of report.insights) {
    const path = join(dir, "charts", `${insight.id}.png`);
    await writeFile(path, await tinyPng(colours[insight.id]));
    files.push(path);
  }
  await writeFile(join(dir, "report.md"), `# ${report.title}\n`);
  await writeFile(join(dir, "report.html"), `<!doctype html><title>${report.title}</title>`);
  files.push(join(dir, "report.md"), join(dir, "report.html"));
  return { dir, files };
}

/** Retries that take milliseconds, not seconds. */
export const FAST_RETRY = { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 5 } as const;

/** Options for a delivery to the test server's channel, by name. */
export function deliveryTo(
  server: SlackApiServer,
  store: DuckDbStore,
  report: Report,
  written: WrittenReport,
): DeliverToSlackOptions {
  return {
    store,
    report,
    written,
    channel: "#flowlens-reports",
    token: SLACK_TEST_TOKEN,
    apiUrl: server.url,
    retry: FAST_RETRY,
    completeness: "all 576 objects loaded",
  };
}
