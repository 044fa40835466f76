/**
 * A credential pasted where a secret's name belongs is refused before it goes anywhere: not to Secrets
 * Manager (as a SecretId, which CloudTrail would log), not to the output, not to any file.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { SLACK_TEST_TOKEN } from "../helpers/local-slack-api.js";
import { expectNoCredentials } from "../helpers/no-credentials.js";
import { runCli } from "../helpers/run-cli.js";
import {
  SECRETS_MANAGER_TEST_CREDENTIALS,
  type SecretsManagerServer,
  startSecretsManagerServer,
} from "../helpers/secrets-manager-server.js";
import { tempDir } from "../helpers/temp-dir.js";

const DAY = "2026-11-20";
const REFUSED_FLAG =
  "flowlens: --slack-secret holds what looks like a Slack token, not a Secrets Manager secret name or ARN: it was not used, sent or shown — give a Secrets Manager secret name or ARN instead; if the credential was pasted into a shell or a file, rotate it";

interface Setup {
  readonly dir: string;
  readonly secrets: SecretsManagerServer;
  readonly env: NodeJS.ProcessEnv;
}

async function setup(): Promise<Setup> {
  const dir = tempDir();
  const secrets = await startSecretsManagerServer({ secrets: [] });
  onTestFinished(() => secrets.close());
  const env = {
    AWS_ACCESS_KEY_ID: SECRETS_MANAGER_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRETS_MANAGER_TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_PROFILE: undefined,
    SLACK_BOT_TOKEN: undefined,
    SLACK_CHANNEL_ID: undefined,
  };
  return { dir, secrets, env };
}

function config(dir: string, extra: string[] = []): string {
  const path = join(dir, "flowlens.yaml");
  writeFileSync(
    path,
    [
      `db: ${join(dir, "flowlens.duckdb")}`,
      "daily:",
      `  sources: ["${dir}"]`,
      `  reportDir: ${join(dir, "reports")}`,
      ...extra,
      "",
    ].join("\n"),
  );
  return path;
}

describe("a Slack token given as --slack-secret", () => {
  it("stops flowlens daily with a usage error that does not show it, before anything is read", async () => {
    const { dir, secrets, env } = await setup();
    const output = await runCli(
      ["daily", "--date", DAY, "--config", config(dir), "--slack-secret", SLACK_TEST_TOKEN],
      { env },
    );
    expect(output.code).toBe(2);
    expect(output.stderr).toContain(REFUSED_FLAG);
    expect(secrets.requests).toEqual([]);
    expectNoCredentials(output, [SLACK_TEST_TOKEN], [dir]);
  });

  it("stops flowlens deliver the same way", async () => {
    const { dir, secrets, env } = await setup();
    const output = await runCli(
      ["deliver", "--date", DAY, "--config", config(dir), "--slack-secret", SLACK_TEST_TOKEN],
      { env },
    );
    expect(output.code).toBe(2);
    expect(output.stderr).toContain(REFUSED_FLAG);
    expect(secrets.requests).toEqual([]);
    expectNoCredentials(output, [SLACK_TEST_TOKEN], [dir]);
  });
});

describe("a Slack token given as slack.secret in the config file", () => {
  it("is an error of config check, with its line and column, and is not shown", async () => {
    const { dir, env } = await setup();
    const file = config(dir, ["slack:", `  secret: ${SLACK_TEST_TOKEN}`]);
    const output = await runCli(["config", "check", "--config", file], { env });
    expect(output.code).toBe(1);
    expect(output.stderr).toContain(
      `error: ${file}:6:11 (slack.secret): the value holds what looks like a Slack token, not a Secrets Manager secret name or ARN: it was not used, sent or shown`,
    );
    expectNoCredentials(output, [SLACK_TEST_TOKEN]);
  });

  it("stops flowlens daily before anything is sent to Secrets Manager", async () => {
    const { dir, secrets, env } = await setup();
    const file = config(dir, ["slack:", `  secret: ${SLACK_TEST_TOKEN}`]);
    const output = await runCli(["daily", "--date", DAY, "--config", file], { env });
    expect(output.code).toBe(2);
    expect(output.stderr).toContain(
      `${file}:6:11 (slack.secret): the value holds what looks like a Slack token, not a Secrets Manager secret name or ARN: it was not used, sent or shown`,
    );
    expect(secrets.requests).toEqual([]);
    // The config file holds the token (the user put it there); what the run wrote must not.
    expectNoCredentials(output, [SLACK_TEST_TOKEN], [join(dir, "reports")], [join(dir, "flowlens.duckdb")]);
  });
});
