import { describe, expect, it, vi } from "vitest";
import { resolveSlackCredentials } from "../../src/secrets/slack-credentials.js";
import { emptyAwsEnvironment, secretsManager } from "./secrets-manager-environment.js";

const FLAG_TOKEN = "xoxb-1-1-fromflag";
const ENV_TOKEN = "xoxb-2-2-fromenv";
const CONFIG_TOKEN = "xoxb-3-3-fromconfig";

/** Secrets Manager holding one secret for the flag and one for the config file. */
function twoSecrets(flagSecret: Record<string, string> = { botToken: FLAG_TOKEN, channelId: "CFLAG0001" }) {
  return secretsManager({
    secrets: [
      { name: "flag/slack", secretString: JSON.stringify(flagSecret) },
      {
        name: "config/slack",
        secretString: JSON.stringify({ SLACK_BOT_TOKEN: CONFIG_TOKEN, SLACK_CHANNEL_ID: "CCONFIG01" }),
      },
    ],
  });
}

const ENV = { SLACK_BOT_TOKEN: ENV_TOKEN, SLACK_CHANNEL_ID: "CENV00001" };

describe("where the Slack credentials come from", () => {
  it("takes the token and channel from SLACK_BOT_TOKEN and SLACK_CHANNEL_ID", async () => {
    emptyAwsEnvironment();
    vi.stubEnv("SLACK_BOT_TOKEN", ENV_TOKEN);
    vi.stubEnv("SLACK_CHANNEL_ID", "CENV00001");

    const slack = await resolveSlackCredentials();

    expect(slack.token.reveal()).toBe(ENV_TOKEN);
    expect(slack).toMatchObject({ channel: "CENV00001", source: "environment" });
  });

  it("--slack-secret beats the environment and the config file", async () => {
    const server = await twoSecrets();

    const slack = await resolveSlackCredentials({
      slackSecret: "flag/slack",
      env: ENV,
      config: { secret: "config/slack", channel: "CCONFIG02" },
    });

    expect(slack.token.reveal()).toBe(FLAG_TOKEN);
    expect(slack).toMatchObject({ channel: "CFLAG0001", source: "secrets-manager:flag/slack" });
    expect(server.requests.map((request) => request.secretId)).toEqual(["flag/slack"]);
  });

  it("the environment beats the config file, whose secret is then not read", async () => {
    const server = await twoSecrets();

    const slack = await resolveSlackCredentials({ env: ENV, config: { secret: "config/slack" } });

    expect(slack.token.reveal()).toBe(ENV_TOKEN);
    expect(slack).toMatchObject({ channel: "CENV00001", source: "environment" });
    expect(server.requests).toEqual([]);
  });

  it("reads the config file's secret when neither flag nor environment gives a token", async () => {
    await twoSecrets();

    const slack = await resolveSlackCredentials({ env: {}, config: { secret: "config/slack" } });

    expect(slack.token.reveal()).toBe(CONFIG_TOKEN);
    expect(slack).toMatchObject({ channel: "CCONFIG01", source: "secrets-manager:config/slack" });
  });

  it("slack.channel overrides the channel in the config file's secret", async () => {
    await twoSecrets();

    const slack = await resolveSlackCredentials({
      env: {},
      config: { secret: "config/slack", channel: "COVERRIDE" },
    });

    expect(slack.channel).toBe("COVERRIDE");
  });

  it("SLACK_CHANNEL_ID fills in the channel when the flag's secret has none", async () => {
    await twoSecrets({ botToken: FLAG_TOKEN });

    const slack = await resolveSlackCredentials({ slackSecret: "flag/slack", env: ENV });

    expect(slack.token.reveal()).toBe(FLAG_TOKEN);
    expect(slack.channel).toBe("CENV00001");
  });

  it("reads the config file's secret for the channel when SLACK_BOT_TOKEN comes alone", async () => {
    await twoSecrets();

    const slack = await resolveSlackCredentials({
      env: { SLACK_BOT_TOKEN: ENV_TOKEN },
      config: { secret: "config/slack" },
    });

    expect(slack.token.reveal()).toBe(ENV_TOKEN);
    expect(slack).toMatchObject({ channel: "CCONFIG01", source: "environment" });
  });

  it("SLACK_API_URL beats slack.apiUrl, and the URL ends in a slash", async () => {
    emptyAwsEnvironment();
    const config = { apiUrl: "https://slack.example.com/api/" };

    const fromEnv = await resolveSlackCredentials({
      env: { ...ENV, SLACK_API_URL: "https://slack-gov.com/api" },
      config,
    });
    const fromFile = await resolveSlackCredentials({ env: ENV, config });
    const byDefault = await resolveSlackCredentials({ env: ENV });

    expect(fromEnv.apiUrl).toBe("https://slack-gov.com/api/");
    expect(fromFile.apiUrl).toBe("https://slack.example.com/api/");
    expect(byDefault).not.toHaveProperty("apiUrl");
  });

  it("refuses a SLACK_API_URL that is not http(s)", async () => {
    emptyAwsEnvironment();

    await expect(
      resolveSlackCredentials({ env: { ...ENV, SLACK_API_URL: "slack-gov.com/api/" } }),
    ).rejects.toThrow(
      'endpoint URL "slack-gov.com/api/" is not an http(s) URL: expected e.g. https://slack-gov.com/api/',
    );
  });

  it("says where a token can come from when none is configured", async () => {
    emptyAwsEnvironment();

    const failure = await resolveSlackCredentials({ env: { SLACK_CHANNEL_ID: "C0123456789" } }).catch(
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({
      code: "FLOWLENS_SLACK_CREDENTIALS_INVALID",
      sentence:
        "no Slack bot token is configured — pass --slack-secret <secret name or ARN>, set SLACK_BOT_TOKEN, or set slack.secret in the config file",
    });
  });

  it("says where a channel ID can come from when none is configured", async () => {
    emptyAwsEnvironment();

    await expect(resolveSlackCredentials({ env: { SLACK_BOT_TOKEN: ENV_TOKEN } })).rejects.toMatchObject({
      sentence:
        'no Slack channel ID is configured to go with the token from SLACK_BOT_TOKEN — add "channelId" to the secret, set SLACK_CHANNEL_ID, or set slack.channel in the config file',
    });
  });

  it("checks the token and channel whatever their source", async () => {
    await twoSecrets({ botToken: FLAG_TOKEN, channelId: "#network" });

    await expect(resolveSlackCredentials({ slackSecret: "flag/slack", env: {} })).rejects.toThrow(
      'Slack channel "#network" in secret "flag/slack" (key channelId) is a channel name, not a channel ID',
    );
  });
});
