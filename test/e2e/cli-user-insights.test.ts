import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { at, writeCustomLog } from "../helpers/custom-flow-log.js";
import { runCli } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

interface ReportJson {
  insights: {
    id: string;
    title: string;
    error?: string;
    notes: string[];
    findings: {
      sentence: string;
      severity: string;
      usd?: number;
      rate?: string;
      numbers: Record<string, unknown>;
    }[];
    table: Record<string, unknown>[];
    chart?: unknown;
  }[];
}

const T = at("2026-11-20T08:00:00Z");
const dns = (dstaddr: string, bytes: number) => ({
  "interface-id": "eni-0aaa",
  srcaddr: "10.0.1.5",
  dstaddr,
  srcport: 40000,
  dstport: 53,
  protocol: 17,
  packets: 1,
  bytes,
  start: T,
  end: T + 60,
  action: "ACCEPT",
  "flow-direction": "egress",
});

let dir: string;
let db: string;
let insightsDir: string;

function report(out: string): ReportJson {
  return JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as ReportJson;
}

describe("user insights from a folder", () => {
  beforeAll(async () => {
    dir = sharedTempDir();
    db = join(dir, "flowlens.duckdb");
    writeCustomLog(join(dir, "dns.log.gz"), [
      dns("10.0.0.2", 900),
      dns("10.0.0.2", 100),
      dns("8.8.8.8", 5000),
    ]);
    expect((await runCli(["ingest", join(dir, "dns.log.gz"), "--db", db])).code).toBe(0);
    insightsDir = join(dir, "insights");
    mkdirSync(insightsDir);
    writeFileSync(
      join(insightsDir, "dns-resolvers.sql"),
      `-- DNS bytes per resolver
SELECT dstaddr AS resolver, sum(bytes)::BIGINT AS bytes, sum(bytes) / 1e6 AS usd
FROM flow_rollup
WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND dstport = 53
GROUP BY ALL HAVING sum(bytes) >= $min_bytes
ORDER BY bytes DESC`,
    );
    writeFileSync(
      join(insightsDir, "dns-resolvers.yaml"),
      `title: DNS by resolver
description: Bytes sent to port 53, per resolver.
params: { min_bytes: 1 }
finding:
  sentence: "{{resolver}} answered {{bytes}} bytes of DNS"
  severity: low
  usd: usd
  rate: "$1 per MB, made up for the test"
  max: 5
chart: { type: bar, x: resolver, y: bytes }
`,
    );
    writeFileSync(join(insightsDir, "broken.yaml"), "title: 42\nseverity: urgent\n");
    writeFileSync(join(insightsDir, "broken.sql"), "SELECT 1");
    writeFileSync(join(insightsDir, "bad-sql.yaml"), "title: Bad SQL\n");
    writeFileSync(join(insightsDir, "bad-sql.sql"), "SELECT nope FROM flows");
  });

  it("runs the folder's SQL with the period and parameters, and reports it like a built-in insight", async () => {
    const reports = join(dir, "report");
    const out = join(reports, "2026-11-20");
    const result = await runCli([
      "report",
      "--date",
      "2026-11-20",
      "--insights-dir",
      insightsDir,
      "--out-dir",
      reports,
      "--db",
      db,
    ]);
    const user = report(out).insights.find((i) => i.id === "dns-resolvers");
    expect(user?.title).toBe("DNS by resolver");
    expect(user?.findings.map((f) => [f.sentence, f.severity, f.usd])).toEqual([
      ["8.8.8.8 answered 5000 bytes of DNS", "low", 0.005],
      ["10.0.0.2 answered 1000 bytes of DNS", "low", 0.001],
    ]);
    expect(user?.findings[0]?.rate).toBe("$1 per MB, made up for the test");
    expect(user?.table).toHaveLength(2);
    expect(
      readFileSync(join(out, "charts", "dns-resolvers.png"))
        .subarray(1, 4)
        .toString("latin1"),
    ).toBe("PNG");
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("## DNS by resolver");
    // The two broken insights fail with a sentence naming their file; the report has everything else.
    const broken = report(out).insights.find((i) => i.id === "broken");
    expect(broken?.error).toMatch(
      /broken\.yaml: invalid spec: title: .*; \(top level\): Unrecognized key: "severity"/,
    );
    expect(report(out).insights.find((i) => i.id === "bad-sql")?.error).toContain('"nope" not found');
    expect(report(out).insights.find((i) => i.id === "overview")?.findings).toHaveLength(1);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("insight broken failed");
  });

  it("takes parameter overrides from the config file, checked against the default's type", async () => {
    const config = join(dir, "flowlens.yaml");
    writeFileSync(config, `insightsDir: ${insightsDir}\ninsights:\n  dns-resolvers: { min_bytes: 2000 }\n`);
    const reports = join(dir, "overridden");
    await runCli(["report", "--date", "2026-11-20", "--out-dir", reports, "--db", db, "--config", config]);
    expect(report(join(reports, "2026-11-20")).insights.find((i) => i.id === "dns-resolvers")?.table).toEqual(
      [{ resolver: "8.8.8.8", bytes: 5000, usd: 0.005 }],
    );

    writeFileSync(
      config,
      `insightsDir: ${insightsDir}\ninsights:\n  dns-resolvers: { min_bytes: "a lot" }\n`,
    );
    const wrong = join(dir, "wrong");
    const result = await runCli([
      "report",
      "--date",
      "2026-11-20",
      "--out-dir",
      wrong,
      "--db",
      db,
      "--config",
      config,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `flowlens: ${config}:3:31 (insights.dns-resolvers.min_bytes): expected a number, got "a lot"\n`,
    );
  });
});
