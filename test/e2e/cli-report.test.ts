import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SNAPSHOT_PATH } from "../enrich/aws-ip-ranges-snapshot.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

interface GroundTruth {
  total: {
    records: number;
    bytes: number;
    packets: number;
    logStatus: Record<string, number>;
    action: Record<string, number>;
    natProcessedBytes: number;
    s3ViaNatBytes: number;
    dynamodbViaNatBytes: number;
    s3ViaGatewayEndpointBytes: number;
    s3ViaNatBytesBySourceSubnet: Record<string, number>;
    crossAzBytes: Record<string, number>;
    rejectsByDstPort: Record<string, number>;
    internetEgressBytes: number;
    internetEgressViaNatBytes: number;
    sshRdpProbes: { total: number; byPort: Record<string, number> };
  };
}

interface PortScanTruth {
  sourceAddr: string;
  portsTouched: number;
  rejectedRecords: number;
  acceptedPorts: number[];
  windowStart: string;
  windowEnd: string;
}

interface ReportJson {
  insights: {
    id: string;
    findings: { sentence: string; usd?: number; numbers: Record<string, number | string | null> }[];
    table: Record<string, unknown>[];
  }[];
}

let dir: string;
let db: string;
let truth: GroundTruth & {
  events: {
    portScan: PortScanTruth;
    largeTransfer: { sourceEni: string; destinationAddr: string; bytes: number };
  };
};

/** A copy of the demo store with the demo's inventory and the AWS IP ranges snapshot loaded. */
async function enrichedCopy(name: string): Promise<string> {
  const copy = join(dir, `${name}.duckdb`);
  copyFileSync(db, copy);
  const env = { FLOWLENS_CACHE_DIR: join(dir, `${name}-cache`) };
  const inventory = join(dir, "demo", "inventory.json");
  expect((await runCli(["inventory", "import", inventory, "--db", copy], { env })).code).toBe(0);
  expect((await runCli(["ip-ranges", "update", "--file", SNAPSHOT_PATH, "--db", copy], { env })).code).toBe(
    0,
  );
  return copy;
}

describe("flowlens report", () => {
  beforeAll(async () => {
    dir = sharedTempDir();
    db = join(dir, "demo.duckdb");
    const demo = await runCli([
      "demo",
      "--date",
      "2026-11-20",
      "--records-per-day",
      "8000",
      "--out-dir",
      join(dir, "demo"),
      "--report-dir",
      join(dir, "demo-report"),
      "--db",
      db,
    ]);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(`Report for 2026-11-20: ${join(dir, "demo-report", "report.html")}`);
    truth = JSON.parse(readFileSync(join(dir, "demo", "ground-truth.json"), "utf8"));
  });

  it("the overview over every day in the store equals the demo's ground truth", async () => {
    // Long connections that span midnight started the day before the demo's first day.
    const reports = join(dir, "all");
    const out = join(reports, "2026-11-19_2026-11-20");
    const result = await runCli([
      "report",
      "--from",
      "2026-11-19",
      "--to",
      "2026-11-20",
      "--out-dir",
      reports,
      "--db",
      db,
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    const overview = report.insights.find((i: { id: string }) => i.id === "overview");
    expect(overview.findings[0].numbers).toMatchObject({
      records: truth.total.records,
      bytes: truth.total.bytes,
      packets: truth.total.packets,
      accepted: truth.total.action.ACCEPT,
      rejected: truth.total.action.REJECT,
      nodata: truth.total.logStatus.NODATA,
      skipdata: truth.total.logStatus.SKIPDATA,
    });
  });

  it("the NAT gateway insight finds the demo's NAT, S3 and DynamoDB bytes and prices them to the cent", async () => {
    const natDb = await enrichedCopy("nat");
    const reports = join(dir, "nat");
    const out = join(reports, "2026-11-19_2026-11-20");
    const period = ["--from", "2026-11-19", "--to", "2026-11-20"];
    expect((await runCli(["report", ...period, "--out-dir", reports, "--db", natDb])).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ReportJson;
    const nat = report.insights.find((i) => i.id === "nat-gateway");
    const [processed, viaNat, stillViaNat] = nat?.findings ?? [];
    const t = truth.total;
    expect(processed?.numbers).toMatchObject({
      processed_bytes: t.natProcessedBytes,
      s3_bytes: t.s3ViaNatBytes,
      dynamodb_bytes: t.dynamodbViaNatBytes,
    });
    const usd = ((t.s3ViaNatBytes + t.dynamodbViaNatBytes) / 2 ** 30) * 0.045;
    expect(viaNat?.sentence).toContain(`cost $${usd.toFixed(2)}`);
    expect(viaNat?.usd).toBeCloseTo(usd, 10);
    expect(stillViaNat?.numbers).toEqual({
      s3_via_nat_bytes: t.s3ViaNatBytes,
      s3_via_endpoint_bytes: t.s3ViaGatewayEndpointBytes,
    });
    const s3BySubnet = Object.fromEntries(
      (nat?.table ?? []).filter((r) => r.destination === "S3").map((r) => [r.subnet_id, r.bytes]),
    );
    expect(s3BySubnet).toEqual(t.s3ViaNatBytesBySourceSubnet);
  });

  it("the cross-AZ insight finds the demo's bytes per AZ ID pair and prices both directions", async () => {
    const enriched = await enrichedCopy("cross-az");
    const reports = join(dir, "cross-az");
    const out = join(reports, "2026-11-19_2026-11-20");
    const period = ["--from", "2026-11-19", "--to", "2026-11-20"];
    expect((await runCli(["report", ...period, "--out-dir", reports, "--db", enriched])).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ReportJson;
    const [finding] = report.insights.find((i) => i.id === "cross-az")?.findings ?? [];
    const pairs = truth.total.crossAzBytes;
    const total = Object.values(pairs).reduce((a, b) => a + b, 0);
    expect(finding?.numbers).toMatchObject({ cross_az_bytes: total, ...pairs });
    // AWS bills each crossing byte out of the sending AZ and into the receiving one: $0.01/GB each.
    expect(finding?.sentence).toContain(`costing $${((total / 2 ** 30) * (0.01 + 0.01)).toFixed(2)}`);
  });

  it("the rejected-traffic insight counts the demo's rejects per port and its SSH/RDP probes from the internet", async () => {
    const enriched = await enrichedCopy("rejected");
    const reports = join(dir, "rejected");
    const out = join(reports, "2026-11-19_2026-11-20");
    const period = ["--from", "2026-11-19", "--to", "2026-11-20"];
    expect((await runCli(["report", ...period, "--out-dir", reports, "--db", enriched])).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ReportJson;
    const [all, probes] = report.insights.find((i) => i.id === "rejected-traffic")?.findings ?? [];
    const t = truth.total;
    expect(all?.numbers.rejected_records).toBe(t.action.REJECT);
    for (const port of ["22", "3389"]) {
      expect(all?.numbers[`port_${port}`]).toBe(t.rejectsByDstPort[port]);
      expect(probes?.numbers[`port_${port}`]).toBe(t.sshRdpProbes.byPort[port]);
    }
  });

  it("the internet-egress insight finds the demo's egress and the part through the NAT gateway", async () => {
    const enriched = await enrichedCopy("egress");
    const reports = join(dir, "egress");
    const out = join(reports, "2026-11-19_2026-11-20");
    const period = ["--from", "2026-11-19", "--to", "2026-11-20"];
    expect((await runCli(["report", ...period, "--out-dir", reports, "--db", enriched])).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ReportJson;
    const [egress, viaNat] = report.insights.find((i) => i.id === "internet-egress")?.findings ?? [];
    expect(egress?.numbers).toEqual({
      internet_egress_bytes: truth.total.internetEgressBytes,
      via_nat_bytes: truth.total.internetEgressViaNatBytes,
      // The demo holds one day, 2026-11-20: a month is 30 such days.
      usd_per_month: expect.closeTo((egress?.usd ?? 0) * 30, 6),
    });
    expect(viaNat?.sentence).toContain(
      `paid $${((truth.total.internetEgressViaNatBytes / 2 ** 30) * 0.045).toFixed(2)}`,
    );
  });

  it("the scans insight finds the demo's port scan with its window and counts", async () => {
    const reports = join(dir, "scans");
    const out = join(reports, "2026-11-19_2026-11-20");
    const period = ["--from", "2026-11-19", "--to", "2026-11-20"];
    expect((await runCli(["report", ...period, "--out-dir", reports, "--db", db])).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ReportJson;
    const findings = report.insights.find((i) => i.id === "scans")?.findings ?? [];
    const scan = truth.events.portScan;
    expect(findings).toHaveLength(1);
    expect(findings[0]?.sentence).toMatch(new RegExp(`^${scan.sourceAddr.replaceAll(".", "\\.")} scanned`));
    expect(findings[0]?.numbers).toMatchObject({
      ports_touched: scan.portsTouched,
      rejected_records: scan.rejectedRecords,
      accepted_ports: scan.acceptedPorts.length,
      window_start: scan.windowStart.replace(".000Z", "Z"),
      window_end: scan.windowEnd.replace(".000Z", "Z"),
    });
  });

  it("top talkers put the demo's unusual large transfer near the top, from its ENI to its destination", async () => {
    const reports = join(dir, "talkers");
    const out = join(reports, "2026-11-19_2026-11-20");
    const period = ["--from", "2026-11-19", "--to", "2026-11-20"];
    expect((await runCli(["report", ...period, "--out-dir", reports, "--db", db])).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ReportJson;
    const table = report.insights.find((i) => i.id === "top-talkers")?.table ?? [];
    const big = truth.events.largeTransfer;
    const senders = table.filter((r) => r.dimension === "interface (sent)").slice(0, 3);
    const sender = senders.find((r) => r.talker === big.sourceEni);
    expect(sender?.bytes).toBeGreaterThanOrEqual(big.bytes);
    const destinations = table.filter((r) => r.dimension === "destination").map((r) => r.talker);
    expect(destinations.slice(0, 3)).toContain(big.destinationAddr);
  });

  it("writes Markdown, self-contained HTML with inline SVG, a PNG per chart and JSON", async () => {
    const reports = join(dir, "formats");
    const out = join(reports, "2026-11-20");
    const { code, json } = await runCliJson<{ files: string[] }>([
      "report",
      "--date",
      "2026-11-20",
      "--out-dir",
      reports,
      "--db",
      db,
    ]);
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      insights: { id: string; chart?: unknown }[];
    };
    const charts = written.insights.filter((i) => i.chart).map((i) => `charts/${i.id}.png`);
    expect(charts).toContain("charts/overview.png");
    expect(json.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(
      [...charts, "report.html", "report.json", "report.md"].sort(),
    );
    const png = readFileSync(join(out, "charts/overview.png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/src="https?:/);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toContain("# flowlens report — 2026-11-20 (UTC)");
    expect(md).toContain("![Overview](charts/overview.png)");
  });

  it("gives the same report twice for the same store", async () => {
    const a = join(dir, "a");
    const b = join(dir, "b");
    await runCli(["report", "--date", "2026-11-20", "--out-dir", a, "--db", db]);
    await runCli(["report", "--date", "2026-11-20", "--out-dir", b, "--db", db]);
    for (const file of ["report.json", "report.md", "report.html"]) {
      expect(readFileSync(join(b, "2026-11-20", file), "utf8")).toBe(
        readFileSync(join(a, "2026-11-20", file), "utf8"),
      );
    }
  });

  it("reports of two days written to one --out-dir each keep their own folder", async () => {
    const reports = join(dir, "two-days");
    for (const day of ["2026-11-19", "2026-11-20"]) {
      expect((await runCli(["report", "--date", day, "--out-dir", reports, "--db", db])).code).toBe(0);
    }
    for (const day of ["2026-11-19", "2026-11-20"]) {
      const report = JSON.parse(readFileSync(join(reports, day, "report.json"), "utf8"));
      expect(report.period).toEqual({ from: day, to: day });
    }
  });

  it("refuses insight parameters in the sentence config check gives, exit 2, and writes no report", async () => {
    const config = join(dir, "bad-params.yaml");
    writeFileSync(config, "insights:\n  scans:\n    min_ports: -1\n");
    const sentence = `${config}:3:16 (insights.scans.min_ports): expected a number more than 0, got -1`;
    const reports = join(dir, "bad-params");
    const result = await runCli([
      "report",
      "--date",
      "2026-11-20",
      "--out-dir",
      reports,
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`flowlens: ${sentence}\n`);
    expect(existsSync(reports)).toBe(false);
    expect((await runCli(["config", "check", "--config", config])).stderr).toBe(`error: ${sentence}\n`);
  });

  it("refuses --date together with --from", async () => {
    const result = await runCli(["report", "--date", "2026-11-20", "--from", "2026-11-19", "--db", db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--date cannot be combined with --from/--to");
  });
});

describe("flowlens report: anomalies against the days before", () => {
  let anomalyDir: string;
  let anomalyTruth: { events: { largeTransfer: LargeTransferTruth; portScan: PortScanTruth } };

  interface LargeTransferTruth {
    sourceEni: string;
    sourceAddr: string;
    destinationAddr: string;
    bytes: number;
    hourStart: string;
  }

  beforeAll(async () => {
    // Eight days: seven of everyday traffic, then the day of the demo's large upload and port scan.
    anomalyDir = sharedTempDir();
    const demo = await runCli([
      "demo",
      "--date",
      "2026-11-20",
      "--days",
      "8",
      "--records-per-day",
      "2000",
      "--out-dir",
      join(anomalyDir, "demo"),
      "--report-dir",
      join(anomalyDir, "report"),
      "--db",
      join(anomalyDir, "demo.duckdb"),
    ]);
    expect(demo.code).toBe(0);
    anomalyTruth = JSON.parse(readFileSync(join(anomalyDir, "demo", "ground-truth.json"), "utf8"));
  });

  function anomaliesOf(reportDir: string): ReportJson["insights"][number] {
    const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8")) as ReportJson;
    const insight = report.insights.find((i) => i.id === "anomalies");
    if (!insight) throw new Error("no anomalies insight in the report");
    return insight;
  }

  it("finds the large upload's hour on its ENI and its new conversation, against seven days", () => {
    const big = anomalyTruth.events.largeTransfer;
    const { findings } = anomaliesOf(join(anomalyDir, "report"));
    const hour = big.hourStart.replace(":00.000Z", "Z");
    const outlier = findings.find((f) => f.numbers.interface_id === big.sourceEni);
    expect(outlier?.numbers.hour).toBe(hour);
    expect(outlier?.numbers.bytes).toBeGreaterThanOrEqual(big.bytes);
    expect(outlier?.sentence).toContain("over 7 day(s)");
    const talkers = findings.find((f) => "new_pairs" in f.numbers);
    expect(talkers?.numbers).toMatchObject({
      top_srcaddr: big.sourceAddr,
      top_dstaddr: big.destinationAddr,
      top_bytes: big.bytes,
    });
  });

  it("says when there is too little history instead of calling everything new", async () => {
    const reports = join(anomalyDir, "first-day");
    const db = join(anomalyDir, "demo.duckdb");
    expect((await runCli(["report", "--date", "2026-11-13", "--out-dir", reports, "--db", db])).code).toBe(0);
    const { findings, table } = anomaliesOf(join(reports, "2026-11-13"));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.sentence).toMatch(
      // The day before holds only the long connections that started before the first midnight: no history.
      /^Too little history to call anything unusual: 0 of the 7 days before 2026-11-13 have data \(at least 3 needed\)/,
    );
    expect(table).toEqual([]);
  });
});
