import { describe, expect, it } from "vitest";
import { SecretValue } from "../../src/secrets/secret-value.js";
import { checkBotToken, checkChannelId } from "../../src/secrets/slack-credential-shapes.js";

const BOT_TOKEN_HINT = "copy the Bot User OAuth Token (xoxb-…) from the Slack app's OAuth & Permissions page";
const CHANNEL_ID_HINT =
  "use the channel ID (C… or G…), found at the bottom of the channel's details in Slack (click the channel name)";

function failureOf(check: () => unknown): { code: string; sentence: string } {
  try {
    check();
  } catch (error) {
    return error as { code: string; sentence: string };
  }
  return expect.unreachable("the check should fail");
}

describe("Slack token and channel shapes", () => {
  it("accepts a bot token and a public or private channel ID", () => {
    const token = new SecretValue("xoxb-123-456-abcDEF");
    expect(checkBotToken(token, "SLACK_BOT_TOKEN")).toBe(token);
    expect(checkChannelId("C0123456789", "SLACK_CHANNEL_ID", [])).toBe("C0123456789");
    expect(checkChannelId("G0123456789", "SLACK_CHANNEL_ID", [])).toBe("G0123456789");
  });

  it("refuses a user token, saying a bot token is needed", () => {
    const failure = failureOf(() => checkBotToken(new SecretValue("xoxp-123-456-abc"), "SLACK_BOT_TOKEN"));

    expect(failure).toMatchObject({
      code: "FLOWLENS_SLACK_CREDENTIALS_INVALID",
      sentence: `the Slack token in SLACK_BOT_TOKEN is a user token (xoxp-…): flowlens posts as a bot and needs a bot token (xoxb-…) — ${BOT_TOKEN_HINT}`,
    });
  });

  it("refuses a value that is not shaped like a bot token", () => {
    const failure = failureOf(() =>
      checkBotToken(new SecretValue("Bearer xoxb-1"), 'secret "flowlens/slack" (key botToken)'),
    );

    expect(failure.sentence).toBe(
      `the Slack token in secret "flowlens/slack" (key botToken) is not a bot token: expected xoxb- followed by letters, digits and dashes — ${BOT_TOKEN_HINT}`,
    );
  });

  it("refuses a channel name, saying to use the channel ID from the channel's details", () => {
    const failure = failureOf(() => checkChannelId("#network-costs", "slack.channel in the config file", []));

    expect(failure.sentence).toBe(
      `Slack channel "#network-costs" in slack.channel in the config file is a channel name, not a channel ID — ${CHANNEL_ID_HINT}`,
    );
  });

  it("refuses a value that is not shaped like a channel ID", () => {
    const failure = failureOf(() => checkChannelId("D0123456789", "SLACK_CHANNEL_ID", []));

    expect(failure.sentence).toBe(
      `Slack channel "D0123456789" in SLACK_CHANNEL_ID is not a channel ID: expected C… or G…, e.g. C0123456789 — ${CHANNEL_ID_HINT}`,
    );
  });

  it("refuses a credential given as the channel without showing it", () => {
    const awsSecretKey = ["Zk8vQm2R/xL9pT4wN7cB", "+hY3sD6fJ1gK5eA0uV8i"].join("");
    const failure = failureOf(() => checkChannelId(awsSecretKey, "SLACK_CHANNEL_ID", []));

    expect(failure.code).toBe("FLOWLENS_SLACK_CREDENTIALS_INVALID");
    expect(failure.sentence).toBe(
      "SLACK_CHANNEL_ID holds what looks like an AWS secret access key, not a Slack channel ID (C… or G…): it was not used, sent or shown — give a Slack channel ID (C… or G…) instead; if the credential was pasted into a shell or a file, rotate it",
    );
  });
});
