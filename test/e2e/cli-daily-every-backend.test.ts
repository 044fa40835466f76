/**
 * The daily job on every backend, through the built CLI: the same demo day in a local S3, the Slack token
 * in a local Secrets Manager, a local Slack; `flowlens daily` on a DuckDB file, a single ClickHouse server
 * and a two-shard cluster ingests the day, writes a report with identical numbers, posts one message with
 * its thread, records the run in the store's daily_runs, and a second run posts nothing new.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import type { DialectName } from "../../src/store/store.js";
import {
  type ClickHouseCluster,
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
  startClickHouseCluster,
} from "../helpers/clickhouse-server.js";
import { type DailyAwsWorld, SLACK_SECRET, startDailyAwsWorld } from "../helpers/daily-aws-world.js";
import { type SlackApiServer, serveSlackApi } from "../helpers/local-slack-api.js";
import { runCli } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

const DAY = "2026-11-20";
const BUCKET = "flow-logs";

interface InsightJson {
  id: string;
  findings: unknown[];
  table: unknown[];
  notes: string[];
  error?: string;
}

interface Outcome {
  readonly backend: DialectName;
  readonly report: Pick<InsightJson, "id" | "findings" | "table" | "notes" | "error">[];
  readonly topMessages: number;
  readonly replies: number;
  /** The Slack methods the second run called successfully. */
  readonly secondRun: string[];
  readonly runs: unknown;
  readonly codes: (number | null)[];
}

describe.skipIf(!clickHouseAvailable)("flowlens daily on every backend", () => {
  let server: ClickHouseServer;
  let cluster: ClickHouseCluster;
  const worlds: { aws: DailyAwsWorld; slack: SlackApiServer }[] = [];
  const outcomes = new Map<string, Outcome>();

  beforeAll(async () => {
    const dir = sharedTempDir();
    const demo = join(dir, "demo");
    await generateDemo({ outDir: demo, startDate: DAY, days: 1, recordsPerDay: 3000 });
    [server, cluster] = await Promise.all([startClickHouse(), startClickHouseCluster({ cluster: "pair" })]);
    const targets: { name: string; backend: DialectName; store: string }[] = [
      { name: "DuckDB file", backend: "duckdb", store: `duckdb:${join(dir, "daily.duckdb")}` },
      {
        name: "single ClickHouse server",
        backend: "clickhouse",
        store: `clickhouse://default@127.0.0.1:${server.httpPort}/daily`,
      },
      {
        name: "two-shard ClickHouse cluster",
        backend: "clickhouse",
        store: `clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/daily?cluster=pair`,
      },
    ];
    await Promise.all(
      targets.map(async (target) => {
        const slug = target.name.replaceAll(" ", "-");
        const aws = await startDailyAwsWorld(demo, BUCKET);
        const slack = await serveSlackApi();
        worlds.push({ aws, slack });
        const config = join(dir, `${slug}.yaml`);
        writeFileSync(
          config,
          [
            target.backend === "duckdb"
              ? `db: ${target.store.slice("duckdb:".length)}`
              : `store: "${target.store}"`,
            "daily:",
            `  sources: ["s3://${BUCKET}/"]`,
            `  reportDir: ${join(dir, `reports-${slug}`)}`,
            "slack:",
            `  secret: ${SLACK_SECRET}`,
            `  apiUrl: ${slack.url}`,
            "  retries: 1",
            "",
          ].join("\n"),
        );
        const env = {
          ...aws.env,
          FLOWLENS_CACHE_DIR: join(dir, `cache-${slug}`),
          SLACK_BOT_TOKEN: undefined,
          SLACK_CHANNEL_ID: undefined,
          SLACK_API_URL: undefined,
        };
        const cli = (args: readonly string[]) => runCli([...args, "--config", config], { env });
        if (target.backend === "clickhouse") expect((await cli(["store", "init"])).code).toBe(0);
        const first = await cli(["daily", "--date", DAY]);
        expect(first.stderr, target.name).not.toContain("flowlens: ");
        const before = slack.calls.length;
        const second = await cli(["daily", "--date", DAY]);
        const runs = await cli([
          "query",
          "--json",
          target.backend === "duckdb"
            ? "SELECT CAST(day AS VARCHAR) AS day, exit_code, trigger FROM daily_runs"
            : "SELECT toString(day) AS day, exit_code, trigger FROM daily_runs",
        ]);
        const report = JSON.parse(readFileSync(join(dir, `reports-${slug}`, DAY, "report.json"), "utf8")) as {
          insights: InsightJson[];
        };
        const messages = [...slack.messages.values()];
        const top = messages.filter((m) => m.threadTs === undefined);
        outcomes.set(target.name, {
          backend: target.backend,
          report: report.insights.map(({ id, findings, table, notes, error }) => ({
            id,
            findings,
            table,
            notes,
            ...(error ? { error } : {}),
          })),
          topMessages: top.length,
          replies: messages.filter((m) => m.threadTs !== undefined && m.threadTs === top[0]?.ts).length,
          secondRun: slack.okMethods(before),
          runs: runs.code === 0 ? JSON.parse(runs.stdout) : runs.stderr,
          codes: [first.code, second.code],
        });
      }),
    );
  }, 600_000);
  afterAll(async () => {
    await Promise.all([
      server?.stop(),
      cluster?.stop(),
      ...worlds.flatMap((w) => [w.aws.s3.close(), w.aws.secrets.close(), w.slack.close()]),
    ]);
  });

  it("both runs of the day exit 0 on every backend", () => {
    for (const [name, outcome] of outcomes) expect(outcome.codes, name).toEqual([0, 0]);
  });

  it("every insight's numbers, tables and notes in the daily report are identical on every backend", () => {
    const reference = outcomes.get("DuckDB file")?.report ?? [];
    expect(reference.length).toBeGreaterThan(0);
    expect(reference.filter((i) => i.error)).toEqual([]);
    for (const [name, outcome] of outcomes) {
      for (const [j, insight] of reference.entries())
        expect(outcome.report[j], `${name}: ${insight.id}`).toEqual(insight);
    }
  });

  it("each backend's day was posted as one message with one reply per insight", () => {
    for (const [name, outcome] of outcomes) {
      expect([outcome.topMessages, outcome.replies], name).toEqual([1, outcome.report.length]);
    }
  });

  it("the second run of the day updates the message and posts or uploads nothing new, on every backend", () => {
    for (const [name, outcome] of outcomes) {
      expect(outcome.secondRun, name).toContain("chat.update");
      expect(outcome.secondRun, name).not.toContain("chat.postMessage");
      expect(outcome.secondRun, name).not.toContain("files.completeUploadExternal");
    }
  });

  it("the store's daily_runs holds the day's run, ended with exit code 0, on every backend", () => {
    for (const [name, outcome] of outcomes) {
      expect(outcome.runs, name).toEqual([{ day: DAY, exit_code: 0, trigger: "manual" }]);
    }
  });
});
