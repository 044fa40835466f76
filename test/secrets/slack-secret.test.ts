import { describe, expect, it } from "vitest";
import { readSlackSecret } from "../../src/secrets/slack-secret.js";
import { secretsManager } from "./secrets-manager-environment.js";

const TOKEN = "xoxb-1111-2222-slacksecret";

async function slackSecretHolding(secretString: string) {
  await secretsManager({ secrets: [{ name: "flowlens/slack", secretString }] });
  return readSlackSecret("flowlens/slack");
}

describe("Slack secrets in Secrets Manager", () => {
  it("reads the documented keys botToken and channelId", async () => {
    const secret = await slackSecretHolding(JSON.stringify({ botToken: TOKEN, channelId: "C0123456789" }));

    expect(secret.token.reveal()).toBe(TOKEN);
    expect(secret).toMatchObject({ tokenKey: "botToken", channel: { id: "C0123456789", key: "channelId" } });
  });

  it("reads env-style keys SLACK_BOT_TOKEN and SLACK_CHANNEL_ID", async () => {
    const secret = await slackSecretHolding(
      JSON.stringify({ SLACK_BOT_TOKEN: TOKEN, SLACK_CHANNEL_ID: "G0123456789" }),
    );

    expect(secret.token.reveal()).toBe(TOKEN);
    expect(secret).toMatchObject({
      tokenKey: "SLACK_BOT_TOKEN",
      channel: { id: "G0123456789", key: "SLACK_CHANNEL_ID" },
    });
  });

  it("needs no channel ID in the secret", async () => {
    const secret = await slackSecretHolding(JSON.stringify({ botToken: TOKEN }));

    expect(secret.channel).toBeUndefined();
  });

  it("says which keys were expected and which were found when the token is missing", async () => {
    await expect(
      slackSecretHolding(JSON.stringify({ token: TOKEN, channel: "C0123456789", botToken: 12 })),
    ).rejects.toThrow(
      'secret "flowlens/slack" holds no Slack bot token: expected key botToken or SLACK_BOT_TOKEN; found keys token, channel, botToken (not a string)',
    );
  });

  it("says when the secret holds no keys at all", async () => {
    await expect(slackSecretHolding("{}")).rejects.toThrow(
      'secret "flowlens/slack" holds no Slack bot token: expected key botToken or SLACK_BOT_TOKEN; found no keys',
    );
  });

  it("says a secret holding a bare token should hold JSON", async () => {
    const failure = await slackSecretHolding(TOKEN).catch((error: unknown) => error);

    expect(failure).toMatchObject({
      code: "FLOWLENS_SECRET_INVALID",
      sentence:
        'secret "flowlens/slack" is not JSON: expected {"botToken": "xoxb-…", "channelId": "C…"} — the secret holds a bare token; store it as JSON instead: {"botToken": "xoxb-…", "channelId": "C…"}',
    });
  });

  it("says a JSON value that is not an object is not what is expected", async () => {
    await expect(slackSecretHolding(JSON.stringify([TOKEN]))).rejects.toThrow(
      'secret "flowlens/slack" is JSON an array, not an object: expected {"botToken": "xoxb-…", "channelId": "C…"}',
    );
  });

  it("refuses a channel ID that is not a string", async () => {
    await expect(slackSecretHolding(JSON.stringify({ botToken: TOKEN, channelId: 42 }))).rejects.toThrow(
      'secret "flowlens/slack" key channelId is not a channel ID string: expected e.g. "C0123456789"',
    );
  });
});
