/**
 * Same answers on every backend: the demo's files ingested through the built CLI into a DuckDB file, a
 * single ClickHouse server and a two-shard ClickHouse cluster, with the demo's inventory and the AWS IP
 * ranges snapshot, then `flowlens report` for the demo days on each: every number of every insight in
 * report.json (findings with their numbers and dollars, tables, notes) is identical, and a few are the
 * demo's ground truth.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../../src/store/backends.js";
import { SNAPSHOT_PATH } from "../enrich/aws-ip-ranges-snapshot.js";
import { clickHouseAvailable } from "../helpers/clickhouse-server.js";
import {
  type BackendTarget,
  type BackendTargets,
  everyBackendTargets,
} from "../helpers/every-backend-targets.js";
import { runCli } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

const LAST_DAY = "2026-11-30";
/** The demo has four days, to the 30th; long connections that span midnight started the day before the first. */
const DAY_BEFORE = "2026-11-26";

interface InsightJson {
  id: string;
  findings: { sentence: string; usd?: number; numbers: Record<string, number | string | null> }[];
  table: Record<string, unknown>[];
  notes: string[];
  error?: string;
}

/** What a report says, insight by insight: everything but the time each took. */
function answers(reportDir: string): Pick<InsightJson, "id" | "findings" | "table" | "notes">[] {
  const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8")) as {
    insights: InsightJson[];
  };
  return report.insights.map(({ id, findings, table, notes }) => ({ id, findings, table, notes }));
}

describe.skipIf(!clickHouseAvailable)("flowlens report on every backend", () => {
  let backends: BackendTargets;
  let dir: string;
  let targets: readonly BackendTarget[];
  const reports = new Map<string, string>();

  beforeAll(async () => {
    dir = sharedTempDir();
    const demo = join(dir, "demo");
    const generated = await runCli([
      ...["demo", "--date", LAST_DAY, "--days", "4", "--records-per-day", "3000", "--out-dir", demo],
      ...["--db", join(dir, "demo.duckdb"), "--no-progress"],
    ]);
    expect(generated.code).toBe(0);
    backends = await everyBackendTargets(dir);
    targets = backends.targets;
    await Promise.all(
      targets.map(async (target) => {
        const env = { FLOWLENS_CACHE_DIR: join(dir, `cache-${target.name.replaceAll(" ", "-")}`) };
        const run = async (args: readonly string[]) => {
          const result = await runCli([...args, ...target.args], { env });
          expect(result.stderr, `${target.name}: ${args.join(" ")}`).not.toMatch(/flowlens: /);
          expect(result.code, `${target.name}: ${args.join(" ")}: ${result.stderr}`).toBe(0);
        };
        // Every object in one ingest (~2,300 keys: the ledger lookup is longer than ClickHouse's default
        // 256 KiB statement limit).
        await run(["ingest", join(demo, "AWSLogs"), "--no-progress"]);
        await run(["inventory", "import", join(demo, "inventory.json")]);
        await run(["ip-ranges", "update", "--file", SNAPSHOT_PATH]);
        for (const [period, flags] of [
          [LAST_DAY, ["--date", LAST_DAY]],
          [`${DAY_BEFORE}_${LAST_DAY}`, ["--from", DAY_BEFORE, "--to", LAST_DAY]],
        ] as const) {
          const out = join(dir, "reports", target.name.replaceAll(" ", "-"));
          await run(["report", ...flags, "--out-dir", out]);
          reports.set(`${target.name} ${period}`, join(out, period));
        }
      }),
    );
  }, 600_000);
  afterAll(async () => {
    await backends?.stop();
  });

  it("every registered backend is among the targets compared", () => {
    expect(new Set(targets.map((t) => t.backend))).toEqual(new Set(BACKENDS.map((b) => b.name)));
  });

  for (const period of [LAST_DAY, `${DAY_BEFORE}_${LAST_DAY}`]) {
    it(`every insight's numbers, tables and notes for ${period} are identical on every backend`, () => {
      const [reference, ...others] = targets.map((t) => answers(reports.get(`${t.name} ${period}`) ?? ""));
      expect(reference?.every((insight) => !("error" in insight))).toBe(true);
      for (const [i, other] of others.entries()) {
        for (const [j, insight] of (reference ?? []).entries()) {
          expect(other[j], `${targets[i + 1]?.name}: ${insight.id}`).toEqual(insight);
        }
      }
    });
  }

  it("inventory show and ip-ranges show say the same on every backend", async () => {
    const shown = await Promise.all(
      targets.map(async (target) => {
        const inventory = await runCli(["inventory", "show", "--json", ...target.args]);
        const ranges = await runCli(["ip-ranges", "show", "--json", ...target.args]);
        expect(inventory.code, `${target.name}: ${inventory.stderr}`).toBe(0);
        expect(ranges.code, `${target.name}: ${ranges.stderr}`).toBe(0);
        const { counts, enisByKind } = JSON.parse(inventory.stdout);
        const { loaded, createDate, ipv4Prefixes, ipv6Prefixes, services } = JSON.parse(ranges.stdout);
        return { counts, enisByKind, loaded, createDate, ipv4Prefixes, ipv6Prefixes, services };
      }),
    );
    expect(shown[0]?.loaded).toBe(true);
    expect(shown[0]?.counts.length).toBeGreaterThan(0);
    for (const other of shown.slice(1)) expect(other).toEqual(shown[0]);
  });

  it("no insight failed on any backend, and each found something", () => {
    for (const target of targets) {
      const insights = answers(reports.get(`${target.name} ${DAY_BEFORE}_${LAST_DAY}`) ?? "");
      for (const insight of insights) {
        expect(insight.notes.join(" "), `${target.name}: ${insight.id}`).not.toContain("This insight failed");
        expect(insight.findings.length, `${target.name}: ${insight.id}`).toBeGreaterThan(0);
      }
    }
  });

  it("on the cluster, the overview and the NAT gateway's bytes are the demo's ground truth", () => {
    const truth = JSON.parse(readFileSync(join(dir, "demo", "ground-truth.json"), "utf8"));
    const insights = answers(reports.get(`two-shard ClickHouse cluster ${DAY_BEFORE}_${LAST_DAY}`) ?? "");
    const overview = insights.find((i) => i.id === "overview");
    expect(overview?.findings[0]?.numbers).toMatchObject({
      records: truth.total.records,
      bytes: truth.total.bytes,
      packets: truth.total.packets,
      rejected: truth.total.action.REJECT,
      nodata: truth.total.logStatus.NODATA,
    });
    const nat = insights.find((i) => i.id === "nat-gateway");
    expect(nat?.findings[0]?.numbers).toMatchObject({
      processed_bytes: truth.total.natProcessedBytes,
      s3_bytes: truth.total.s3ViaNatBytes,
      dynamodb_bytes: truth.total.dynamodbViaNatBytes,
    });
  });

  it("on the cluster, the scans insight names the demo's port scanner with its ports and window", () => {
    const truth = JSON.parse(readFileSync(join(dir, "demo", "ground-truth.json"), "utf8"));
    const scan = truth.events.portScan;
    const insights = answers(reports.get(`two-shard ClickHouse cluster ${DAY_BEFORE}_${LAST_DAY}`) ?? "");
    const row = insights.find((i) => i.id === "scans")?.table.find((r) => r.source === scan.sourceAddr);
    expect(row).toMatchObject({
      ports_touched: scan.portsTouched,
      rejected_records: scan.rejectedRecords,
      accepted_ports: scan.acceptedPorts.length,
    });
  });
});
