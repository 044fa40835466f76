/**
 * Did the fix work, on every backend: six demo days whose S3 gateway endpoint reaches the ETL subnet's
 * route table on 2026-11-21, ingested by the built CLI into a DuckDB file, a single ClickHouse server and a
 * two-shard ClickHouse cluster (each with the demo's inventory and the AWS IP ranges snapshot). GET
 * /api/trends (one `flowlens serve` in this process per backend) and `flowlens compare --json` answer the
 * same JSON on each, and show the drop; so does a report's "Before and after".
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSettings } from "../../../src/config/config.js";
import { type RunningServer, startServer } from "../../../src/server/start-server.js";
import { BACKENDS } from "../../../src/store/backends.js";
import { SNAPSHOT_PATH } from "../../enrich/aws-ip-ranges-snapshot.js";
import { clickHouseAvailable } from "../../helpers/clickhouse-server.js";
import {
  type BackendTarget,
  type BackendTargets,
  everyBackendTargets,
} from "../../helpers/every-backend-targets.js";
import { ACCESS_KEY } from "../../helpers/firehose-payloads.js";
import { runCli } from "../../helpers/run-cli.js";
import { sharedTempDir } from "../../helpers/temp-dir.js";

const LAST_DAY = "2026-11-23";
const FIX_DAY = "2026-11-21";

interface Trends {
  generation: string;
  period: { from: string; to: string };
  series: { metric: string; natGatewayId?: string; values: { day: string; value: number }[] }[];
  changes: { at: string; kind: string; resourceId: string; target: string | null; detail: string }[];
  comparison: { headline: string | null } | null;
}

describe.skipIf(!clickHouseAvailable)("the trends and flowlens compare on every backend", () => {
  let backends: BackendTargets;
  let dir: string;
  let targets: readonly BackendTarget[];
  const servers = new Map<string, RunningServer>();

  /** GET `url` on every target: the JSON without its generation (each store's own ingest runs). */
  const trendsOnEach = async (url: string): Promise<Trends[]> =>
    Promise.all(
      targets.map(async (target) => {
        const answer = await (servers.get(target.name) as RunningServer).app.inject({ method: "GET", url });
        expect(answer.statusCode, `${target.name}: ${answer.body}`).toBe(200);
        const { generation: _, ...trends } = answer.json() as Trends;
        return trends as Trends;
      }),
    );

  beforeAll(async () => {
    dir = sharedTempDir("flowlens-trends-every-");
    const demo = join(dir, "fix");
    const generated = await runCli([
      ...["demo", "--date", LAST_DAY, "--days", "6", "--records-per-day", "3000"],
      ...[
        "--s3-endpoint-added-on",
        FIX_DAY,
        "--out-dir",
        demo,
        "--db",
        join(dir, "demo.duckdb"),
        "--no-progress",
      ],
    ]);
    expect(generated.code, generated.stderr).toBe(0);
    backends = await everyBackendTargets(dir, "trends");
    targets = backends.targets;
    await Promise.all(
      targets.map(async (target) => {
        const env = { FLOWLENS_CACHE_DIR: join(dir, `cache-${target.name.replaceAll(" ", "-")}`) };
        const run = async (args: readonly string[]) => {
          const result = await runCli([...args, ...target.args], { env });
          expect(result.code, `${target.name}: ${args.join(" ")}: ${result.stderr}`).toBe(0);
        };
        await run(["ingest", join(demo, "AWSLogs"), "--no-progress"]);
        await run(["inventory", "import", join(demo, "inventory.json")]);
        await run(["ip-ranges", "update", "--file", SNAPSHOT_PATH]);
        const { config, problems } = validateSettings({
          ...target.settings,
          serve: {
            port: 0,
            accessKey: ACCESS_KEY,
            loadEveryMs: 60_000,
            spoolDir: join(dir, `spool-${target.name.replaceAll(" ", "-")}`),
          },
        });
        if (!config) throw new Error(problems.map((p) => p.message).join("; "));
        servers.set(target.name, await startServer({ config }));
      }),
    );
  }, 600_000);
  afterAll(async () => {
    for (const running of servers.values()) await running.stop();
    await backends?.stop();
  });

  it("every registered backend is among the targets compared", () => {
    expect(new Set(targets.map((t) => t.backend))).toEqual(new Set(BACKENDS.map((b) => b.name)));
  });

  it("GET /api/trends around the endpoint's change answers the same series, changes and comparison on every backend", async () => {
    const [reference, ...others] = await trendsOnEach(`/api/trends?from=2026-11-18&to=${LAST_DAY}`);
    expect(reference?.comparison?.headline).toMatch(/^S3 traffic through nat-\S+ fell from /);
    for (const [i, other] of others.entries()) expect(other, targets[i + 1]?.name).toEqual(reference);
  });

  it("GET /api/trends before the change answers the same series on every backend, with no comparison", async () => {
    const [reference, ...others] = await trendsOnEach("/api/trends?from=2026-11-18&to=2026-11-20");
    expect(reference?.comparison).toBeNull();
    expect(reference?.series.length).toBeGreaterThan(0);
    for (const [i, other] of others.entries()) expect(other, targets[i + 1]?.name).toEqual(reference);
  });

  it("GET /api/trends?days=7 ends at the same last day with data on every backend", async () => {
    const periods = (await trendsOnEach("/api/trends?days=7")).map((t) => t.period);
    expect(periods).toEqual(targets.map(() => ({ from: "2026-11-17", to: LAST_DAY })));
  });

  it("on the cluster, the trend of S3 through the NAT gateway drops from the endpoint's day on", async () => {
    const [, , onCluster] = await trendsOnEach(`/api/trends?from=2026-11-18&to=${LAST_DAY}`);
    const s3 = onCluster?.series.find((s) => s.metric === "s3_via_nat" && s.natGatewayId === undefined);
    const before = s3?.values.filter((v) => v.day < FIX_DAY).map((v) => v.value) ?? [];
    const after = s3?.values.filter((v) => v.day >= FIX_DAY).map((v) => v.value) ?? [];
    expect(Math.min(...before)).toBeGreaterThan(0);
    expect(Math.max(...after)).toBeLessThan(Math.min(...before) / 10);
  });

  it("on the cluster, the inventory's history marks the endpoint's route on its day", async () => {
    const [, , onCluster] = await trendsOnEach(`/api/trends?from=2026-11-18&to=${LAST_DAY}`);
    const marked = onCluster?.changes.filter(
      (c) => c.kind === "route_table" && c.target?.startsWith("vpce-"),
    );
    expect(marked?.length).toBeGreaterThan(0);
    expect(marked?.every((c) => c.at.startsWith(FIX_DAY))).toBe(true);
  });

  it("flowlens compare --json answers the same comparison on every backend", async () => {
    const answers = await Promise.all(
      targets.map(async (target) => {
        const result = await runCli([
          ...[
            "compare",
            "--json",
            "--before",
            "2026-11-18..2026-11-20",
            "--after",
            `${FIX_DAY}..${LAST_DAY}`,
          ],
          ...target.args,
        ]);
        expect(result.code, `${target.name}: ${result.stderr}`).toBe(0);
        return JSON.parse(result.stdout) as { headline: string | null };
      }),
    );
    expect(answers[0]?.headline).toMatch(/^S3 traffic through nat-\S+ fell from .* after vpce-/);
    for (const [i, other] of answers.slice(1).entries())
      expect(other, targets[i + 1]?.name).toEqual(answers[0]);
  });

  it("flowlens report --compare-before states the same before and after in report.json on every backend", async () => {
    const compared = await Promise.all(
      targets.map(async (target) => {
        const out = join(dir, "reports", target.name.replaceAll(" ", "-"));
        const result = await runCli([
          ...["report", "--from", FIX_DAY, "--to", LAST_DAY, "--compare-before", "2026-11-18..2026-11-20"],
          ...["--formats", "json", "--out-dir", out, ...target.args],
        ]);
        expect(result.code, `${target.name}: ${result.stderr}`).toBe(0);
        const report = JSON.parse(readFileSync(join(out, `${FIX_DAY}_${LAST_DAY}`, "report.json"), "utf8"));
        return report.beforeAndAfter as { headline: string | null };
      }),
    );
    expect(compared[0]?.headline).toMatch(/^S3 traffic through nat-\S+ fell from /);
    for (const [i, other] of compared.slice(1).entries())
      expect(other, targets[i + 1]?.name).toEqual(compared[0]);
  });
});
