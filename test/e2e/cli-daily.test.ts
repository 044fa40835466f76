/**
 * The daily job end to end through the built CLI: flow logs in a local S3 (s3rver), the Slack bot token
 * in a local Secrets Manager, the report posted to a local Slack Web API — each reached by the real SDK or
 * client the product uses in production.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import { SLACK_SECRET, startDailyAwsWorld } from "../helpers/daily-aws-world.js";
import { expectNoCredentials } from "../helpers/no-credentials.js";
import { runCli } from "../helpers/run-cli.js";
import type { S3Server } from "../helpers/s3-server.js";
import {
  SLACK_TEST_CHANNEL,
  SLACK_TEST_TOKEN,
  type SlackApiServer,
  startSlackApiServer,
} from "../helpers/slack-api-server.js";
import { sharedTempDir, tempDir } from "../helpers/temp-dir.js";

const DAY = "2026-11-20";
const BUCKET = "flow-logs";

let demoDir: string | undefined;

/** One small demo day, generated once for the file. */
async function demoObjects(): Promise<string> {
  if (!demoDir) {
    demoDir = join(sharedTempDir(), "demo");
    await generateDemo({ outDir: demoDir, startDate: DAY, days: 1, recordsPerDay: 3000 });
  }
  return demoDir;
}

interface World {
  readonly dir: string;
  readonly s3: S3Server;
  readonly slack: SlackApiServer;
  readonly env: NodeJS.ProcessEnv;
  readonly config: string;
}

/** A bucket holding the demo day, a secret holding the bot token, a Slack, and a config naming them. */
async function world(): Promise<World> {
  const dir = tempDir();
  const aws = await startDailyAwsWorld(await demoObjects(), BUCKET);
  onTestFinished(() => Promise.all([aws.s3.close(), aws.secrets.close()]).then(() => undefined));
  const slack = await startSlackApiServer();
  const config = join(dir, "flowlens.yaml");
  writeFileSync(
    config,
    [
      `db: ${join(dir, "flowlens.duckdb")}`,
      "daily:",
      `  sources: ["s3://${BUCKET}/"]`,
      `  reportDir: ${join(dir, "reports")}`,
      "slack:",
      `  secret: ${SLACK_SECRET}`,
      `  apiUrl: ${slack.url}`,
      "  retries: 1",
      "",
    ].join("\n"),
  );
  const env = {
    ...aws.env,
    SLACK_BOT_TOKEN: undefined,
    SLACK_CHANNEL_ID: undefined,
    SLACK_API_URL: undefined,
  };
  return { dir, s3: aws.s3, slack, env, config };
}

function topMessages(slack: SlackApiServer) {
  return [...slack.messages.values()].filter((m) => m.threadTs === undefined);
}

function messageText(slack: SlackApiServer): string {
  const top = topMessages(slack)[0];
  return `${top?.text}\n${JSON.stringify(top?.blocks)}`;
}

describe("flowlens daily", () => {
  it("ingests the day from S3, writes the report and posts it: one message, its thread, charts and HTML", async () => {
    const w = await world();
    const result = await runCli(["daily", "--date", DAY, "--config", w.config], { env: w.env });
    expect(result.stderr).not.toContain("flowlens: ");
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(w.dir, "reports", DAY, "report.json"), "utf8")) as {
      insights: { id: string; chart?: unknown }[];
    };
    const top = topMessages(w.slack);
    expect(top).toHaveLength(1);
    expect(top[0]?.channel).toBe(SLACK_TEST_CHANNEL.id);
    expect(messageText(w.slack)).toContain(DAY);
    const replies = [...w.slack.messages.values()].filter((m) => m.threadTs === top[0]?.ts);
    expect(replies).toHaveLength(report.insights.length);
    const uploads = [...w.slack.files.values()];
    expect(uploads.map((f) => f.filename).sort()).toEqual(
      [
        ...report.insights.filter((i) => i.chart).map((i) => `flowlens-${DAY}-${i.id}.png`),
        `flowlens-report-${DAY}.html`,
      ].sort(),
    );
    expect(result.stdout + result.stderr).not.toContain(SLACK_TEST_TOKEN);

    // The same day again: the message is updated, nothing is posted or uploaded twice.
    const before = w.slack.calls.length;
    const again = await runCli(["daily", "--date", DAY, "--config", w.config], { env: w.env });
    expect(again.code).toBe(0);
    const methods = w.slack.okMethods(before);
    expect(methods).toContain("chat.update");
    expect(methods).not.toContain("chat.postMessage");
    expect(methods).not.toContain("files.completeUploadExternal");
    expect(topMessages(w.slack)).toHaveLength(1);
  });

  it("daily and deliver leave no credential in their output, report files or store", async () => {
    const w = await world();
    const daily = await runCli(["daily", "--date", DAY, "--config", w.config], { env: w.env });
    const deliver = await runCli(["deliver", "--date", DAY, "--config", w.config], { env: w.env });
    expect([daily.code, deliver.code]).toEqual([0, 0]);
    const reports = [join(w.dir, "reports")];
    const store = [join(w.dir, "flowlens.duckdb")];
    expectNoCredentials(daily, [SLACK_TEST_TOKEN], reports, store);
    expectNoCredentials(deliver, [SLACK_TEST_TOKEN], reports, store);
  });

  it("a Slack outage loses nothing: exit 3, the report is on disk, and deliver finishes the job", async () => {
    const w = await world();
    // Both attempts (the first and its one configured retry) meet a 503.
    w.slack.failNext("chat.postMessage", { status: 503 }, 2);
    const result = await runCli(["daily", "--date", DAY, "--config", w.config], { env: w.env });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`flowlens deliver --date ${DAY}`);
    expect(existsSync(join(w.dir, "reports", DAY, "report.html"))).toBe(true);
    expect(topMessages(w.slack)).toHaveLength(0);

    const delivered = await runCli(["deliver", "--date", DAY, "--config", w.config], { env: w.env });
    expect(delivered.stderr).not.toContain("flowlens: ");
    expect(delivered.code).toBe(0);
    expect(topMessages(w.slack)).toHaveLength(1);
    expect(messageText(w.slack)).toContain("new object(s) loaded");
  });

  it("an object that cannot be read is stated in the Slack message itself, and the exit code is 1", async () => {
    const w = await world();
    const key = `AWSLogs/111111111111/vpcflowlogs/us-east-1/2026/11/20/111111111111_vpcflowlogs_us-east-1_fl-0broken_20261120T1200Z_deadbeef.log.gz`;
    await w.s3.put(BUCKET, key, Buffer.from("this is not gzip"));
    const result = await runCli(["daily", "--date", DAY, "--config", w.config], { env: w.env });
    expect(result.code).toBe(1);
    expect(messageText(w.slack)).toContain("1 object(s) could not be read");
    expect(messageText(w.slack)).toContain("fl-0broken");
  });

  it("a bot that is not in the channel fails fast with a sentence saying what to do", async () => {
    const w = await world();
    w.slack.failNext("chat.postMessage", { error: "not_in_channel" });
    const result = await runCli(["daily", "--date", DAY, "--config", w.config], { env: w.env });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/invite/i);
    expect(result.stdout + result.stderr).not.toContain(SLACK_TEST_TOKEN);
  });

  it("without a daily section it says what to add", async () => {
    const dir = tempDir();
    const config = join(dir, "flowlens.yaml");
    writeFileSync(config, `db: ${join(dir, "x.duckdb")}\n`);
    const result = await runCli(["daily", "--date", DAY, "--config", config, "--no-deliver"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the config has no daily section");
  });
});
