import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectNoCredentials } from "../helpers/no-credentials.js";
import { runCli, runCliJson } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";

function configFile(text: string): string {
  const path = join(tempDir(), "flowlens.yaml");
  writeFileSync(path, text);
  return path;
}

describe("flowlens config check", () => {
  it("names each wrong setting with its line and column, and never echoes a token", async () => {
    const file = configFile(
      [
        "db: ./x.duckdb",
        "daily:",
        '  sources: ["s3://bucket/"]',
        '  accounts: ["123"]',
        "slack:",
        "  token: xoxb-1-2-secretvalue",
        "",
      ].join("\n"),
    );
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${file}:4:14 (daily.accounts.0): a 12-digit AWS account ID`);
    expect(result.stderr).toContain(
      `error: ${file}:6:10 (slack.token): a Slack token must not be written in the config file`,
    );
    expect(result.stdout + result.stderr).not.toContain("secretvalue");
  });

  it("shows nothing shaped like a credential when the config holds a real-looking token", async () => {
    const token = ["xoxb", "4242424242", "1717171717", "Zq8RkT2vLm9XwP4sNc7YhJ3d"].join("-");
    const file = configFile(["slack:", `  token: ${token}`, `  channel: ${token}`, ""].join("\n"));
    const output = await runCli(["config", "check", "--config", file]);
    expect(output.code).toBe(1);
    expectNoCredentials(output, [token]);
  });

  it("checks what the schema cannot: the cron expression, S3 URIs and the user insights folder", async () => {
    const insights = join(tempDir(), "insights");
    mkdirSync(insights);
    writeFileSync(join(insights, "mine.yaml"), "title: Mine\n");
    const file = configFile(
      [
        "daily:",
        '  sources: ["s3:/not-a-bucket"]',
        `insightsDir: ${insights}`,
        "schedule:",
        '  cron: "61 * * * *"',
        "  timezone: Mars/Olympus",
        "",
      ].join("\n"),
    );
    const { code, json } = await runCliJson<{
      valid: boolean;
      problems: { path: string; line?: number; message: string }[];
    }>(["config", "check", "--config", file, "--json"]);
    expect(code).toBe(1);
    expect(json.valid).toBe(false);
    expect(json.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: "daily.sources.0",
          line: 2,
          message: expect.stringContaining("is not an S3 URI"),
        }),
        expect.objectContaining({
          path: "schedule.timezone",
          line: 6,
          message: 'expected an IANA time zone such as UTC or Europe/Berlin, got "Mars/Olympus"',
        }),
        expect.objectContaining({
          path: "schedule.cron",
          line: 5,
          message:
            'expected a cron expression such as "0 6 * * *" (minute hour day-of-month month day-of-week), got "61 * * * *", which is not a cron expression: Invalid value for minute: 61',
        }),
        expect.objectContaining({
          path: "insightsDir",
          message: expect.stringContaining("mine.sql: cannot read the SQL"),
        }),
        expect.objectContaining({ path: "daily", message: expect.stringContaining("no Slack credentials") }),
      ]),
    );
  });

  it("lists every error of a file in file order, each with its line and column", async () => {
    const file = configFile(
      [
        "memoryLimit: 0",
        "s3:",
        "  concurrency: many",
        "  endpoint: http://x",
        "  bogus: 1",
        "insights:",
        "  scans: { min_ports: -1, min_port: 5 }",
        "  nat-gatway: { days_per_month: 30 }",
        "schedule:",
        '  cron: "61 * * * *"',
        "",
      ].join("\n"),
    );
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(1);
    const s3Keys = "expected one of region, endpointUrl, forcePathStyle, concurrency";
    expect(result.stderr.split("\n")).toEqual([
      `error: ${file}:1:14 (memoryLimit): expected a memory size such as 512MB, 1GB or 2GiB (a number and KB, MB, GB, TB, KiB, MiB, GiB or TiB), got 0`,
      `error: ${file}:3:16 (s3.concurrency): expected a number, got "many"`,
      `error: ${file}:4:13 (s3.endpoint): unknown setting: ${s3Keys}`,
      `error: ${file}:5:10 (s3.bogus): unknown setting: ${s3Keys}`,
      `error: ${file}:7:23 (insights.scans.min_ports): expected a number more than 0, got -1`,
      `error: ${file}:7:37 (insights.scans.min_port): unknown parameter: expected one of window_minutes, min_ports, min_hosts`,
      `error: ${file}:8:15 (insights.nat-gatway): unknown insight: expected one of overview, nat-gateway, cross-az, internet-egress, rejected-traffic, scans, top-talkers, anomalies`,
      `error: ${file}:10:9 (schedule.cron): expected a cron expression such as "0 6 * * *" (minute hour day-of-month month day-of-week), got "61 * * * *", which is not a cron expression: Invalid value for minute: 61`,
      "",
    ]);
  });

  it("says a valid file is valid, exit 0", async () => {
    const file = configFile('db: ./x.duckdb\nschedule: { cron: "30 5 * * 1-5", timezone: Europe/Berlin }\n');
    const result = await runCli(["config", "check", "--config", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${file} is valid`);
  });
});
