/**
 * `flowlens demo` on every backend: the same demo day generated, ingested, given its inventory and
 * reported by the built CLI into a DuckDB file, a single ClickHouse server and a two-shard cluster; the
 * report.json numbers are identical. Alert rules run as each backend runs them today (on ClickHouse they
 * answer a sentence, which the demo prints and still succeeds). `--serve` serves the dashboard on the
 * store the settings name.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { BACKENDS } from "../../src/store/backends.js";
import { writeShippedRules } from "../helpers/alert-demo.js";
import { clickHouseAvailable } from "../helpers/clickhouse-server.js";
import {
  type BackendTarget,
  type BackendTargets,
  everyBackendTargets,
} from "../helpers/every-backend-targets.js";
import { CLI, type CliResult, runCli } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";
import { startWatched } from "../helpers/watched-process.js";

const DAY = "2026-11-30";

interface InsightJson {
  id: string;
  findings: unknown;
  table: unknown;
  notes: unknown;
  error?: string;
}

describe.skipIf(!clickHouseAvailable)("flowlens demo on every backend", () => {
  let dir: string;
  let backends: BackendTargets;
  let config: string;
  const runs = new Map<string, { result: CliResult; reportDir: string }>();
  const clickHouseTargets = () => backends.targets.filter((t) => t.backend === "clickhouse");
  /** Every insight's findings, tables and notes in the demo's report.json. */
  const answers = (target: BackendTarget) => {
    const report = JSON.parse(
      readFileSync(join(runs.get(target.name)?.reportDir ?? "", "report.json"), "utf8"),
    );
    return (report.insights as InsightJson[]).map(({ id, findings, table, notes, error }) => ({
      id,
      findings,
      table,
      notes,
      error,
    }));
  };

  beforeAll(async () => {
    dir = sharedTempDir();
    backends = await everyBackendTargets(dir, "demo");
    config = join(dir, "alerts.yaml");
    writeShippedRules(config);
    await Promise.all(
      backends.targets.map(async (target, i) => {
        const reportDir = join(dir, `report-${i}`);
        const result = await runCli([
          ...["demo", "--date", DAY, "--records-per-day", "3000", "--out-dir", join(dir, `demo-${i}`)],
          ...["--report-dir", reportDir, "--config", config, "--no-progress", ...target.args],
        ]);
        runs.set(target.name, { result, reportDir });
      }),
    );
  }, 600_000);
  afterAll(async () => {
    await backends?.stop();
  });

  it("every registered backend is among the demo's targets", () => {
    expect(new Set(backends.targets.map((t) => t.backend))).toEqual(new Set(BACKENDS.map((b) => b.name)));
  });

  it("the demo succeeds on every backend", () => {
    for (const target of backends.targets) {
      const { result } = runs.get(target.name) ?? {};
      expect([target.name, result?.code], result?.stderr).toEqual([target.name, 0]);
    }
  });

  it("the demo's report.json on ClickHouse has DuckDB's numbers, tables and notes for every insight", () => {
    const [duckdb] = backends.targets;
    const reference = answers(duckdb as BackendTarget);
    expect(reference.filter((insight) => insight.error)).toEqual([]);
    for (const target of clickHouseTargets()) {
      for (const [i, insight] of answers(target).entries())
        expect(insight, `${target.name}: ${insight.id}`).toEqual(reference[i]);
    }
  });

  it("the demo on ClickHouse prints the alarms its rules raised, the same lines as on DuckDB", () => {
    const alertLines = (target: BackendTarget) =>
      String(runs.get(target.name)?.result.stderr)
        .split("\n")
        .filter((line) => line.startsWith("alert ") || line.includes("(the load itself is done)"));
    const reference = alertLines(backends.targets[0] as BackendTarget);
    expect(reference.some((line) => line.startsWith("alert ALARM: "))).toBe(true);
    for (const target of clickHouseTargets())
      expect([target.name, alertLines(target)]).toEqual([target.name, reference]);
  });

  it("the demo on ClickHouse names the store it loaded by its URL", () => {
    for (const target of clickHouseTargets())
      expect(runs.get(target.name)?.result.stdout).toContain(`Store: ${target.args[1]}\n`);
  });

  it("demo --serve on a ClickHouse store serves the dashboard's explorer from that store", async () => {
    const target = clickHouseTargets()[0] as BackendTarget;
    const demo = startWatched(
      [
        CLI,
        ...[
          "demo",
          "--serve",
          "--date",
          DAY,
          "--records-per-day",
          "3000",
          "--out-dir",
          join(dir, "demo-serve"),
        ],
        ...["--db", join(dir, "serve.duckdb"), "--no-progress", ...target.args],
      ],
      { FLOWLENS_SERVE_PORT: "0" },
    );
    onTestFinished(() => {
      demo.child.kill("SIGKILL");
    });
    await demo.waitFor(/Dashboard: http:\/\/127\.0\.0\.1:\d+\/\n/);
    const url = /Dashboard: (\S+)\n/.exec(demo.output())?.[1] as string;
    const flows = await fetch(`${url}api/flows?from=${DAY}&groupBy=eniKind`);
    expect(flows.status).toBe(200);
    expect(((await flows.json()) as { table: unknown[] }).table.length).toBeGreaterThan(1);
    demo.child.kill("SIGTERM");
    expect(await demo.exit).toBe(0);
  }, 180_000);
});
