/**
 * `npm run sandbox` as the README has a new user run it: the sandbox starts its local S3, Secrets Manager
 * and Slack servers and writes an env file; flowlens daily, run with nothing but that env file, posts the
 * report to the sandbox's Slack, and a second run updates the message. Ctrl-C stops the sandbox.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { addDays, yesterdayUtc } from "../../src/utc-day.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDir } from "../helpers/temp-dir.js";
import { startWatched } from "../helpers/watched-process.js";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

/** The `export NAME=value` lines of the sandbox's env file. */
function readEnvFile(path: string): NodeJS.ProcessEnv {
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((line) => /^export ([A-Z0-9_]+)=(.*)$/.exec(line)?.slice(1, 3) ?? []),
  );
}

describe("npm run sandbox", () => {
  it("serves the daily job a bucket, a secret and a Slack: flowlens daily posts there, and again updates", async () => {
    const dir = join(tempDir(), "sandbox");
    const sandbox = startWatched([
      TSX,
      join(ROOT, "scripts/sandbox.ts"),
      "--dir",
      dir,
      "--days",
      "2",
      "--records-per-day",
      "2000",
    ]);
    onTestFinished(() => {
      sandbox.child.kill("SIGKILL");
    });
    await sandbox.waitFor(/Ctrl-C stops the sandbox/);
    const env = readEnvFile(join(dir, "env"));
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "FLOWLENS_CONFIG"]),
    );
    // Only the env file: no Slack variables from the test's own environment.
    const userEnv = {
      ...env,
      SLACK_BOT_TOKEN: undefined,
      SLACK_CHANNEL_ID: undefined,
      SLACK_API_URL: undefined,
    };

    const check = await runCli(["config", "check"], { env: userEnv });
    expect(check.code).toBe(0);

    const day = yesterdayUtc();
    const first = await runCli(["daily"], { env: userEnv });
    expect(first.stderr).not.toContain("flowlens: ");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^${day}: \\d[\\d,]* new object\\(s\\) loaded`, "m"));
    await sandbox.waitFor(new RegExp(`uploaded flowlens-report-${day}\\.html`));
    expect(sandbox.output()).toMatch(new RegExp(`slack  chat\\.postMessage: flowlens report — ${day}`));
    expect(existsSync(join(dir, "slack-files", `flowlens-${day}-overview.png`))).toBe(true);
    expect(existsSync(join(dir, "reports", day, "report.html"))).toBe(true);

    const again = await runCli(["daily"], { env: userEnv });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${day}: 0 new object(s) loaded`);
    await sandbox.waitFor(new RegExp(`slack  chat\\.update: flowlens report — ${day}`));

    const earlier = await runCli(["daily", "--date", addDays(day, -1)], { env: userEnv });
    expect(earlier.code).toBe(0);

    sandbox.child.kill("SIGINT");
    expect(await sandbox.exit).toBe(0);
    expect(sandbox.output()).toContain("Sandbox stopped.");
  }, 180_000);
});
