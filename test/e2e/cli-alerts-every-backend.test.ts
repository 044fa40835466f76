/**
 * Same alerts on every backend: the demo (six days, the S3 endpoint added on its fourth) ingested through
 * the built CLI into a DuckDB file, a single ClickHouse server and a two-shard ClickHouse cluster, the same
 * steps on each, then the shipped rules evaluated by one more load with Slack pointed at a local Slack API
 * server per backend: the events (states, values, windows, messages), `alerts history|list --json`, GET
 * /api/alerts and the Slack posts are the same on each, and a re-run posts nothing more.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import { validateSettings } from "../../src/config/config.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { BACKENDS } from "../../src/store/backends.js";
import type { DialectName } from "../../src/store/store.js";
import { SNAPSHOT_PATH } from "../enrich/aws-ip-ranges-snapshot.js";
import { writeShippedRules } from "../helpers/alert-demo.js";
import {
  type ClickHouseCluster,
  type ClickHouseServer,
  clickHouseAvailable,
  startClickHouse,
  startClickHouseCluster,
} from "../helpers/clickhouse-server.js";
import { dayFolders } from "../helpers/day-folders.js";
import { ACCESS_KEY } from "../helpers/firehose-payloads.js";
import {
  SLACK_TEST_CHANNEL,
  SLACK_TEST_TOKEN,
  type SlackApiServer,
  serveSlackApi,
} from "../helpers/local-slack-api.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

interface Target {
  readonly name: string;
  readonly backend: DialectName;
  readonly args: readonly string[];
  readonly settings: Record<string, string>;
}

/** An event without the wall-clock time it was evaluated at. */
const decided = ({ evaluatedAt: _at, ...event }: AlertEvent) => event;

describe.skipIf(!clickHouseAvailable)("the shipped alert rules on every backend", () => {
  let server: ClickHouseServer;
  let cluster: ClickHouseCluster;
  let dir: string;
  let config: string;
  let targets: Target[];
  let firstFolder: string;
  const evaluated = new Map<string, AlertEvent[]>();
  const slack = new Map<string, SlackApiServer>();
  const env = (target: Target) => ({
    SLACK_BOT_TOKEN: SLACK_TEST_TOKEN,
    SLACK_CHANNEL_ID: SLACK_TEST_CHANNEL.id,
    SLACK_API_URL: slack.get(target.name)?.url ?? "",
    FLOWLENS_CACHE_DIR: join(dir, `cache-${target.name.replaceAll(" ", "-")}`),
  });
  const cli = (target: Target, args: readonly string[]) =>
    runCliJson<unknown>([...args, ...target.args, "--config", config], { env: env(target) });
  const topLevel = (target: Target) =>
    [...(slack.get(target.name)?.messages.values() ?? [])].filter((m) => m.threadTs === undefined);

  beforeAll(async () => {
    dir = sharedTempDir();
    config = join(dir, "alerts.yaml");
    writeShippedRules(config);
    [server, cluster] = await Promise.all([startClickHouse(), startClickHouseCluster({ cluster: "pair" })]);
    const demo = join(dir, "demo");
    const generated = await runCli([
      ...["demo", "--date", "2026-11-23", "--days", "6", "--records-per-day", "3000"],
      ...["--s3-endpoint-added-on", "2026-11-21", "--out-dir", demo, "--db", join(dir, "demo.duckdb")],
      "--no-progress",
    ]);
    expect(generated.code, generated.stderr).toBe(0);
    const chServer = `clickhouse://default@127.0.0.1:${server.httpPort}/alerts`;
    const chCluster = `clickhouse://default@127.0.0.1:${cluster.shards[0]?.httpPort}/alerts?cluster=pair`;
    const db = join(dir, "every.duckdb");
    targets = [
      { name: "DuckDB file", backend: "duckdb", args: ["--db", db], settings: { db } },
      {
        name: "single ClickHouse server",
        backend: "clickhouse",
        args: ["--store", chServer],
        settings: { db: join(dir, "unused.duckdb"), store: chServer },
      },
      {
        name: "two-shard ClickHouse cluster",
        backend: "clickhouse",
        args: ["--store", chCluster],
        settings: { db: join(dir, "unused.duckdb"), store: chCluster },
      },
    ];
    for (const target of targets) slack.set(target.name, await serveSlackApi());
    const folders = dayFolders(join(demo, "AWSLogs"));
    firstFolder = folders[0] as string;
    await Promise.all(
      targets.map(async (target) => {
        const run = async (args: readonly string[], withRules = false) => {
          const result = await runCliJson<{ alerts?: { events: AlertEvent[]; error?: string } }>(
            [...args, ...target.args, ...(withRules ? ["--config", config] : [])],
            { env: env(target) },
          );
          expect(result.code, `${target.name}: ${args.join(" ")}: ${result.stderr}`).toBe(0);
          return result.json;
        };
        if (target.backend === "clickhouse") await run(["store", "init"]);
        for (const folder of folders) await run(["ingest", folder, "--no-progress", "--json"]);
        await run(["inventory", "import", join(demo, "inventory.json")]);
        await run(["ip-ranges", "update", "--file", SNAPSHOT_PATH]);
        // Everything is stored: one more load (of objects already loaded) evaluates the rules once.
        const once = await run(["ingest", firstFolder, "--no-progress", "--json"], true);
        expect(once.alerts?.error, target.name).toBeUndefined();
        evaluated.set(target.name, once.alerts?.events ?? []);
      }),
    );
  }, 900_000);
  afterAll(async () => {
    for (const s of slack.values()) await s.close();
    await Promise.all([server?.stop(), cluster?.stop()]);
  });

  it("every registered backend is among the targets compared", () => {
    expect(new Set(targets.map((t) => t.backend))).toEqual(new Set(BACKENDS.map((b) => b.name)));
  });

  it("records the same events (states, values, windows, messages) on every backend", () => {
    const [reference, ...others] = targets.map((t) => (evaluated.get(t.name) ?? []).map(decided));
    const fired = new Set(reference?.filter((e) => e.toState === "ALARM").map((e) => e.rule));
    expect([...fired].sort()).toEqual(
      expect.arrayContaining(["cross-az-spike", "port-scan", "s3-back-through-nat", "traffic-anomaly"]),
    );
    for (const [i, other] of others.entries()) expect(other, targets[i + 1]?.name).toEqual(reference);
  });

  it("answers the same alerts history --json and alerts list --json on every backend", async () => {
    const history = await Promise.all(targets.map((t) => cli(t, ["alerts", "history"])));
    const list = await Promise.all(targets.map((t) => cli(t, ["alerts", "list"])));
    const events = history.map((h) => (h.json as { events: AlertEvent[] }).events.map(decided));
    // History is in window order; the evaluation's answer rule by rule.
    const byWindow = (a: { windowEnd: string; eventId: string }, b: { windowEnd: string; eventId: string }) =>
      a.windowEnd.localeCompare(b.windowEnd) || a.eventId.localeCompare(b.eventId);
    const recorded = (evaluated.get(targets[0]?.name ?? "") ?? []).map(decided);
    expect([...(events[0] ?? [])].sort(byWindow)).toEqual(recorded.sort(byWindow));
    for (const i of [1, 2]) {
      expect(events[i], targets[i]?.name).toEqual(events[0]);
      expect(list[i]?.json, targets[i]?.name).toEqual(list[0]?.json);
    }
  });

  it("posts one Slack message per ALARM on every backend, and none more when the rules are evaluated again", async () => {
    for (const target of targets) {
      const alarms = (evaluated.get(target.name) ?? []).filter((e) => e.toState === "ALARM");
      expect(
        topLevel(target)
          .map((m) => m.text)
          .sort(),
        target.name,
      ).toEqual(
        topLevel(targets[0] as Target)
          .map((m) => m.text)
          .sort(),
      );
      expect(topLevel(target), target.name).toHaveLength(alarms.length);
      const again = await cli(target, ["ingest", firstFolder, "--no-progress", "--json"]);
      expect(again.code, again.stderr).toBe(0);
      expect(topLevel(target), target.name).toHaveLength(alarms.length);
    }
  });

  it("GET /api/alerts answers the same states and history on every backend", async () => {
    const answers = [];
    for (const target of targets) {
      const { config: settings, problems } = validateSettings({
        ...target.settings,
        serve: {
          port: 0,
          accessKey: ACCESS_KEY,
          loadEveryMs: 60_000,
          spoolDir: join(dir, `spool-${answers.length}`),
        },
      });
      if (!settings) throw new Error(problems.map((p) => p.message).join("; "));
      const running: RunningServer = await startServer({ config: settings });
      try {
        const answer = await running.app.inject({ method: "GET", url: "/api/alerts?limit=200" });
        expect(answer.statusCode, target.name).toBe(200);
        const body = answer.json() as { states: AlertEvent[]; history: { events: AlertEvent[] } };
        answers.push({
          states: body.states.map(decided),
          history: { ...body.history, events: body.history.events.map(decided) },
        });
      } finally {
        await running.stop();
      }
    }
    expect(answers[0]?.history.events.length).toBeGreaterThan(0);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("tests a rule over a range on ClickHouse as on DuckDB, recording nothing", async () => {
    const tested = await Promise.all(
      targets.map((t) =>
        cli(t, ["alerts", "test", "s3-back-through-nat", "--from", "2026-11-18", "--to", "2026-11-20"]),
      ),
    );
    const answers = tested.map((r) => r.json as { fired: number; events: AlertEvent[] });
    const events = answers.map((a) => a.events.map(decided));
    expect(answers.map((a) => a.fired)).toEqual([1, 1, 1]);
    expect(events[1]).toEqual(events[0]);
    expect(events[2]).toEqual(events[0]);
  });

  it("silences a rule on a ClickHouse cluster, shows it in alerts list, and unsilences it", async () => {
    const target = targets[2] as Target;
    const silence = await cli(target, ["alerts", "silence", "port-scan", "--for", "2h"]);
    const until = (silence.json as { silencedUntil: string }).silencedUntil;
    const list = await cli(target, ["alerts", "list"]);
    const rules = (list.json as { rules: { name: string; silencedUntil: string | null }[] }).rules;
    expect(rules.find((r) => r.name === "port-scan")?.silencedUntil).toBe(until);
    const unsilence = await runCli([...target.args, "alerts", "unsilence", "port-scan", "--config", config]);
    expect(unsilence.stdout).toBe("port-scan is no longer silenced.\n");
  });

  it("keeps the alert tables on the cluster's server the store URL names, not on the other shard", async () => {
    const tables = async (shard: ClickHouseServer) =>
      (
        await shard.sql(
          "SELECT name FROM system.tables WHERE database = 'alerts' AND name LIKE 'alert%' ORDER BY name FORMAT TSV",
        )
      )
        .trim()
        .split("\n")
        .filter(Boolean);
    expect(await tables(cluster.shards[0] as ClickHouseServer)).toEqual([
      "alert_deliveries",
      "alert_delivery_versions",
      "alert_event_versions",
      "alert_events",
      "alert_silence_versions",
      "alert_silenced_event_versions",
      "alert_silenced_events",
      "alert_silences",
      "alert_watermark_versions",
      "alert_watermarks",
    ]);
    expect(await tables(cluster.shards[1] as ClickHouseServer)).toEqual([]);
  });
});
