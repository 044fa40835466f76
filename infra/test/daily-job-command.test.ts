/**
 * The DailyReportJob's task as the template describes it, run on this machine: the settings its config
 * container writes and the daily container's command, through the built CLI, against a local S3 holding a
 * demo day under the job's bucket and prefix, a local Secrets Manager and a local Slack. Only the paths
 * of the task's volumes (/data, the config file) are mapped to a temporary folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { describe, expect, it, onTestFinished } from "vitest";
import { generateDemo } from "../../src/sources/demo/generate-demo.js";
import { startDailyAwsWorld } from "../../test/helpers/daily-aws-world.js";
import { runCli } from "../../test/helpers/run-cli.js";
import { SLACK_TEST_TOKEN, startSlackApiServer } from "../../test/helpers/slack-api-server.js";
import { tempDir } from "../../test/helpers/temp-dir.js";
import { CONFIG_ENV, CONFIG_FILE } from "../src/config-file.js";
import { DailyReportJob } from "../src/daily-report-job.js";
import { STORE_DIR } from "../src/store-volume.js";
import { knownVpc, testStack } from "./test-stack.js";

const DAY = "2026-11-20";
const BUCKET = "my-flow-logs";
// The local Secrets Manager's ARN for "flowlens/slack".
const SLACK_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:flowlens/slack-AbCdEf";

interface Container {
  readonly Name: string;
  readonly Command: string[];
  readonly Environment?: { Name: string; Value: string }[];
}

/** The config container's settings and the daily container's command, as synthesised. */
function synthesisedTask() {
  const stack = testStack();
  new DailyReportJob(stack, "Job", {
    vpc: knownVpc(stack),
    flowLogBucket: s3.Bucket.fromBucketName(stack, "FlowLogs", BUCKET),
    slackSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, "Slack", SLACK_SECRET_ARN),
  });
  const task = Object.values(Template.fromStack(stack).findResources("AWS::ECS::TaskDefinition"))[0];
  const containers = task?.Properties.ContainerDefinitions as Container[];
  const config = containers.find((c) => c.Name === "config")?.Environment?.find((e) => e.Name === CONFIG_ENV);
  const daily = containers.find((c) => c.Name === "daily");
  if (typeof config?.Value !== "string" || !daily) throw new Error("no config or daily container");
  return { settings: config.Value, command: daily.Command };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the DailyReportJob's command", () => {
  it("runs with the built CLI: ingests the day from the job's bucket and prefix, writes the report, posts it", async () => {
    const { settings, command } = synthesisedTask();
    expect(command.slice(0, 3)).toEqual(["--config", CONFIG_FILE, "daily"]);
    const dir = tempDir();
    const demo = join(dir, "demo");
    await generateDemo({ outDir: demo, startDate: DAY, days: 1, recordsPerDay: 1000 });
    // The world's S3 and Secrets Manager (it also keeps a copy of the demo in a bucket of its own).
    const world = await startDailyAwsWorld(demo, "demo-copy");
    onTestFinished(() => Promise.all([world.s3.close(), world.secrets.close()]).then(() => undefined));
    const source = (JSON.parse(settings) as { daily: { sources: string[] } }).daily.sources[0] ?? "";
    const [, bucket = "", prefix = ""] = /^s3:\/\/([^/]+)\/(.*)$/.exec(source) ?? [];
    for (const file of filesUnder(join(demo, "AWSLogs"))) {
      await world.s3.put(bucket, `${prefix}${relative(demo, file)}`, readFileSync(file));
    }
    const slack = await startSlackApiServer();
    onTestFinished(() => slack.close());

    // The task's volumes, here: /data is the store's folder, the config file a file beside it.
    mkdirSync(join(dir, "data"));
    const configFile = join(dir, "flowlens.yaml");
    writeFileSync(configFile, settings.replaceAll(`"${STORE_DIR}/`, `"${join(dir, "data")}/`));
    const args = command.map((arg) => (arg === CONFIG_FILE ? configFile : arg));
    const result = await runCli([...args, "--date", DAY], {
      env: {
        ...world.env,
        SLACK_API_URL: slack.url,
        SLACK_BOT_TOKEN: undefined,
        SLACK_CHANNEL_ID: undefined,
      },
    });

    expect(result.stderr).not.toContain("flowlens: ");
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "data", "reports", DAY, "report.html"))).toBe(true);
    expect([...slack.messages.values()].filter((m) => m.threadTs === undefined)).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain(SLACK_TEST_TOKEN);
    // Synth, the demo and a whole daily run: more than the default minute on a busy machine.
  }, 180_000);
});
