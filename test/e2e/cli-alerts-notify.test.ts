/**
 * Alert notifications wired into the loads, through the built CLI: the demo (with the S3 endpoint added
 * on its fourth day) evaluates the shipped rules and posts each transition into ALARM once to the local
 * Slack API server, its OK in the ALARM's thread; loading the same objects again posts nothing more.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEvent } from "../../src/alerts/alert-event.js";
import { writeShippedRules } from "../helpers/alert-demo.js";
import {
  SLACK_TEST_CHANNEL,
  SLACK_TEST_TOKEN,
  type SlackApiServer,
  serveSlackApi,
} from "../helpers/local-slack-api.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { sharedTempDir } from "../helpers/temp-dir.js";

let dir: string;
let slack: SlackApiServer;
let env: NodeJS.ProcessEnv;
let events: AlertEvent[];
let output: string;

const topLevel = () => [...slack.messages.values()].filter((m) => m.threadTs === undefined);
const replies = () => [...slack.messages.values()].filter((m) => m.threadTs !== undefined && m.text !== "");

beforeAll(async () => {
  dir = sharedTempDir();
  slack = await serveSlackApi();
  env = {
    ...process.env,
    SLACK_BOT_TOKEN: SLACK_TEST_TOKEN,
    SLACK_CHANNEL_ID: SLACK_TEST_CHANNEL.id,
    SLACK_API_URL: slack.url,
  };
  writeShippedRules(join(dir, "alerts.yaml"));
  const demo = await runCliJson<{ alerts: { events: AlertEvent[] } }>(
    [
      ...["demo", "--date", "2026-11-23", "--days", "6", "--records-per-day", "3000", "--no-progress"],
      ...[
        "--s3-endpoint-added-on",
        "2026-11-21",
        "--out-dir",
        join(dir, "demo"),
        "--db",
        join(dir, "s.duckdb"),
      ],
      ...["--config", join(dir, "alerts.yaml"), "--json"],
    ],
    { env },
  );
  expect(demo.code).toBe(0);
  events = demo.json.alerts.events;
  output = demo.stdout + demo.stderr;
}, 240_000);

afterAll(() => slack.close());

describe("alert notifications from the loads", () => {
  it("posts each transition into ALARM once, with its message", () => {
    const alarms = events.filter((e) => e.toState === "ALARM");
    expect(alarms.length).toBeGreaterThan(0);
    expect(topLevel()).toHaveLength(alarms.length);
    for (const alarm of alarms) expect(topLevel().some((m) => m.text.includes(alarm.message))).toBe(true);
  });

  it("replies in the ALARM's thread when its rule returns to OK", () => {
    const cleared = events.filter((e) => e.fromState === "ALARM" && e.toState === "OK");
    expect(cleared.length).toBeGreaterThan(0);
    const threads = new Set(topLevel().map((m) => m.ts));
    const okReplies = replies().filter((m) => threads.has(m.threadTs ?? ""));
    expect(okReplies.length).toBeGreaterThanOrEqual(cleared.length);
  });

  it("posts nothing more when the same objects are loaded again", async () => {
    const before = slack.messages.size;
    const again = await runCli(
      [
        "ingest",
        join(dir, "demo"),
        "--db",
        join(dir, "s.duckdb"),
        "--config",
        join(dir, "alerts.yaml"),
        "--no-progress",
      ],
      { env },
    );
    expect(again.code).toBe(0);
    expect(slack.messages.size).toBe(before);
  });

  it("never shows the bot token", () => {
    expect(output).not.toContain(SLACK_TEST_TOKEN);
  });
});
