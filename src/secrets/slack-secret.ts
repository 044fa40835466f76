/**
 * A Slack secret in Secrets Manager: a JSON object holding the bot token and, optionally, the channel ID.
 *
 *   {"botToken": "xoxb-…", "channelId": "C0123456789"}
 *
 * Env-style key names are accepted too, for secrets shared with other tools:
 *
 *   {"SLACK_BOT_TOKEN": "xoxb-…", "SLACK_CHANNEL_ID": "C0123456789"}
 *
 * When both spellings are present the first one listed in SLACK_SECRET_KEYS wins. Errors list the key
 * names found, never a value.
 */
import { FlowlensError } from "../errors.js";
import { readSecret } from "./read-secret.js";
import { parseSecretJson, type SecretJson } from "./secret-json.js";
import { redactSecrets, type SecretValue } from "./secret-value.js";
import type { SecretsManagerOptions } from "./secrets-manager-client.js";

/** The keys a Slack secret may hold each value under, in order of preference. */
export const SLACK_SECRET_KEYS = {
  token: ["botToken", "SLACK_BOT_TOKEN"],
  channel: ["channelId", "SLACK_CHANNEL_ID"],
} as const;

export const SLACK_SECRET_SHAPE = '{"botToken": "xoxb-…", "channelId": "C…"}';

export interface SlackSecret {
  readonly secretId: string;
  readonly token: SecretValue;
  /** The key the token was under, e.g. `botToken`. */
  readonly tokenKey: string;
  /** The channel ID and its key, when the secret holds one. */
  readonly channel: { readonly id: string; readonly key: string } | undefined;
}

/**
 * @param secretId the secret's name or ARN
 * @throws FlowlensError FLOWLENS_SECRET_INVALID when the secret is not a JSON object holding a bot token,
 *   and whatever readSecret throws
 */
export async function readSlackSecret(
  secretId: string,
  options: SecretsManagerOptions = {},
): Promise<SlackSecret> {
  const secret = await readSecret(secretId, options);
  const bareToken = /^\s*x(?:ox[a-z]|app)-/.test(secret.text.reveal());
  const json = parseSecretJson(secret, {
    shape: SLACK_SECRET_SHAPE,
    hint: bareToken
      ? `the secret holds a bare token; store it as JSON instead: ${SLACK_SECRET_SHAPE}`
      : `store the secret as key/value pairs: ${SLACK_SECRET_SHAPE}`,
  });
  const token = firstString(json, SLACK_SECRET_KEYS.token);
  if (token === undefined) {
    throw new FlowlensError(
      "FLOWLENS_SECRET_INVALID",
      `secret "${secretId}" holds no Slack bot token: expected key ${SLACK_SECRET_KEYS.token.join(" or ")}; ` +
        `found ${foundKeys(json)}`,
      { hint: `store the bot token under "botToken": ${SLACK_SECRET_SHAPE}` },
    );
  }
  const channelKey = SLACK_SECRET_KEYS.channel.find((key) => json.keys.includes(key));
  const channel = channelKey === undefined ? undefined : firstString(json, [channelKey]);
  if (channelKey !== undefined && channel === undefined) {
    throw new FlowlensError(
      "FLOWLENS_SECRET_INVALID",
      `secret "${secretId}" key ${channelKey} is not a channel ID string: expected e.g. "C0123456789"`,
      { hint: `store the channel ID as a string: ${SLACK_SECRET_SHAPE}` },
    );
  }
  return {
    secretId,
    token: token.value,
    tokenKey: token.key,
    channel: channel && { id: channel.value.reveal(), key: channel.key },
  };
}

function firstString(json: SecretJson, keys: readonly string[]) {
  for (const key of keys) {
    const value = json.string(key);
    if (value !== undefined && value.reveal() !== "") return { key, value };
  }
  return undefined;
}

/** `keys token, channel (not a string)` — names only; anything shaped like a token is masked. */
function foundKeys(json: SecretJson): string {
  if (json.keys.length === 0) return "no keys";
  const described = json.keys.map((key) => {
    const value = json.string(key);
    const note = value === undefined ? " (not a string)" : value.reveal() === "" ? " (empty)" : "";
    return `${key}${note}`;
  });
  return `keys ${redactSecrets(described.join(", "), [])}`;
}
