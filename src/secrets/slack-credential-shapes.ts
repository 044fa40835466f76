/**
 * Light checks that a Slack token is a bot token and a channel is a channel ID, so a wrong value fails
 * before the report is built rather than at the Slack API. Messages never show the token: a channel value
 * is shown, with anything shaped like a token (swapped variables) masked.
 */
import { FlowlensError } from "../errors.js";
import { refuseCredential } from "./credential-shape.js";
import { redactSecrets, type SecretValue } from "./secret-value.js";

const BOT_TOKEN = /^xoxb-[A-Za-z0-9-]+$/;
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;
const BOT_TOKEN_HINT = "copy the Bot User OAuth Token (xoxb-…) from the Slack app's OAuth & Permissions page";
const CHANNEL_ID_HINT =
  "use the channel ID (C… or G…), found at the bottom of the channel's details in Slack (click the channel name)";

/**
 * @param from where the token came from, e.g. `SLACK_BOT_TOKEN` or `secret "flowlens/slack" (key botToken)`
 * @throws FlowlensError FLOWLENS_SLACK_CREDENTIALS_INVALID unless the token looks like `xoxb-…`
 */
export function checkBotToken(token: SecretValue, from: string): SecretValue {
  const value = token.reveal();
  if (BOT_TOKEN.test(value)) return token;
  if (value.startsWith("xoxp-")) {
    throw new FlowlensError(
      "FLOWLENS_SLACK_CREDENTIALS_INVALID",
      `the Slack token in ${from} is a user token (xoxp-…): flowlens posts as a bot and needs a bot token (xoxb-…)`,
      { hint: BOT_TOKEN_HINT },
    );
  }
  throw new FlowlensError(
    "FLOWLENS_SLACK_CREDENTIALS_INVALID",
    `the Slack token in ${from} is not a bot token: expected xoxb- followed by letters, digits and dashes`,
    { hint: BOT_TOKEN_HINT },
  );
}

/**
 * @param from where the channel came from, e.g. `SLACK_CHANNEL_ID`
 * @param secrets secrets to mask should the value hold one
 * @throws FlowlensError FLOWLENS_SLACK_CREDENTIALS_INVALID unless the channel looks like `C…` or `G…`
 */
/** Whether `channel` looks like a channel ID (`C…` or `G…`); the config schema uses this rule too. */
export function isChannelId(channel: string): boolean {
  return CHANNEL_ID.test(channel);
}

export function checkChannelId(channel: string, from: string, secrets: readonly SecretValue[]): string {
  if (isChannelId(channel)) return channel;
  refuseCredential(channel, from, "a Slack channel ID (C… or G…)", "FLOWLENS_SLACK_CREDENTIALS_INVALID");
  const shown = redactSecrets(channel, secrets);
  if (channel.startsWith("#")) {
    throw new FlowlensError(
      "FLOWLENS_SLACK_CREDENTIALS_INVALID",
      `Slack channel "${shown}" in ${from} is a channel name, not a channel ID`,
      { hint: CHANNEL_ID_HINT },
    );
  }
  throw new FlowlensError(
    "FLOWLENS_SLACK_CREDENTIALS_INVALID",
    `Slack channel "${shown}" in ${from} is not a channel ID: expected C… or G…, e.g. C0123456789`,
    { hint: CHANNEL_ID_HINT },
  );
}
