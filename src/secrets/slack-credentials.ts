/**
 * Resolves the Slack bot token and channel ID the daily job posts with. Each comes from the first place
 * that has it (a flag beats the environment, which beats the config file):
 *
 *   token:   --slack-secret's secret → SLACK_BOT_TOKEN → slack.secret's secret
 *   channel: --slack-secret's secret → SLACK_CHANNEL_ID → slack.channel → slack.secret's secret
 *   apiUrl:  SLACK_API_URL → slack.apiUrl → Slack's default
 *
 * The config file's secret is read only when a value is still missing. Every secret read must hold a bot
 * token (see slack-secret.ts for its keys). Both values are checked for shape before they are returned.
 */
import { checkEndpointUrl } from "../aws/check-endpoint-url.js";
import { FlowlensError } from "../errors.js";
import { refuseCredential, SECRET_NAME } from "./credential-shape.js";
import { SecretValue } from "./secret-value.js";
import type { SecretsManagerOptions } from "./secrets-manager-client.js";
import type { SlackConfig } from "./slack-config.js";
import { checkBotToken, checkChannelId } from "./slack-credential-shapes.js";
import { readSlackSecret, type SlackSecret } from "./slack-secret.js";

export interface SlackCredentialSources {
  /** `--slack-secret`: a Secrets Manager secret name or ARN. @default none */
  readonly slackSecret?: string;
  /** The config file's `slack` section. @default none */
  readonly config?: SlackConfig;
  /**
   * Where SLACK_BOT_TOKEN, SLACK_CHANNEL_ID and SLACK_API_URL are read (the AWS SDK reads process.env).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /** How Secrets Manager is reached. @default the SDK's credential, region and endpoint chains */
  readonly secretsManager?: SecretsManagerOptions;
}

export interface SlackCredentials {
  /** The bot token; prints as "[redacted]", `reveal()` gives the value. */
  readonly token: SecretValue;
  /** The channel ID, e.g. `C0123456789`. */
  readonly channel: string;
  /** Slack Web API base URL ending in `/`. @default undefined: the Slack client's own (https://slack.com/api/) */
  readonly apiUrl?: string;
  /** Where the token came from. */
  readonly source: `secrets-manager:${string}` | "environment";
}

interface Found<T> {
  readonly value: T;
  /** For messages, e.g. `SLACK_CHANNEL_ID`. */
  readonly from: string;
}

interface FoundToken extends Found<SecretValue> {
  readonly source: SlackCredentials["source"];
}

/**
 * @example const slack = await resolveSlackCredentials({ slackSecret: flags.slackSecret, config: config.slack });
 * @throws FlowlensError FLOWLENS_SLACK_CREDENTIALS_INVALID when a value is missing or malformed, and what
 *   reading a secret throws (FLOWLENS_SECRET_FAILED, FLOWLENS_SECRET_INVALID)
 */
export async function resolveSlackCredentials(
  sources: SlackCredentialSources = {},
): Promise<SlackCredentials> {
  const { config = {}, secretsManager = {} } = sources;
  const env = sources.env ?? process.env;
  // A token pasted where the secret's name belongs is refused before it can reach Secrets Manager.
  refuseCredential(sources.slackSecret, "--slack-secret", SECRET_NAME, "FLOWLENS_USAGE");
  refuseCredential(config.secret, "slack.secret in the config file", SECRET_NAME, "FLOWLENS_CONFIG_INVALID");
  const flagSecret =
    sources.slackSecret === undefined
      ? undefined
      : await readSlackSecret(sources.slackSecret, secretsManager);
  const envToken = nonEmpty(env.SLACK_BOT_TOKEN);
  const envChannel = nonEmpty(env.SLACK_CHANNEL_ID);

  let token: FoundToken | undefined = flagSecret
    ? tokenOf(flagSecret)
    : envToken === undefined
      ? undefined
      : { value: new SecretValue(envToken), from: "SLACK_BOT_TOKEN", source: "environment" };
  let channel: Found<string> | undefined =
    (flagSecret && channelOf(flagSecret)) ??
    (envChannel === undefined ? undefined : { value: envChannel, from: "SLACK_CHANNEL_ID" }) ??
    (config.channel === undefined
      ? undefined
      : { value: config.channel.trim(), from: "slack.channel in the config file" });
  if ((token === undefined || channel === undefined) && config.secret !== undefined) {
    const configSecret = await readSlackSecret(config.secret, secretsManager);
    token ??= tokenOf(configSecret);
    channel ??= channelOf(configSecret);
  }

  if (token === undefined) {
    throw new FlowlensError("FLOWLENS_SLACK_CREDENTIALS_INVALID", "no Slack bot token is configured", {
      hint: "pass --slack-secret <secret name or ARN>, set SLACK_BOT_TOKEN, or set slack.secret in the config file",
    });
  }
  if (channel === undefined) {
    throw new FlowlensError(
      "FLOWLENS_SLACK_CREDENTIALS_INVALID",
      `no Slack channel ID is configured to go with the token from ${token.from}`,
      {
        hint: 'add "channelId" to the secret, set SLACK_CHANNEL_ID, or set slack.channel in the config file',
      },
    );
  }
  const apiUrl = slackApiUrl(nonEmpty(env.SLACK_API_URL) ?? config.apiUrl);
  return {
    token: checkBotToken(token.value, token.from),
    channel: checkChannelId(channel.value, channel.from, [token.value]),
    ...(apiUrl === undefined ? {} : { apiUrl }),
    source: token.source,
  };
}

function tokenOf(secret: SlackSecret): FoundToken {
  return {
    value: secret.token,
    from: `secret "${secret.secretId}" (key ${secret.tokenKey})`,
    source: `secrets-manager:${secret.secretId}`,
  };
}

function channelOf(secret: SlackSecret): Found<string> | undefined {
  return (
    secret.channel && {
      value: secret.channel.id,
      from: `secret "${secret.secretId}" (key ${secret.channel.key})`,
    }
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** The base URL ending in `/`, as the Slack client joins method names onto it. */
function slackApiUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  checkEndpointUrl(url, "Slack API", "https://slack-gov.com/api/");
  return url.endsWith("/") ? url : `${url}/`;
}
