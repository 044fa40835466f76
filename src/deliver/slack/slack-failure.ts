/**
 * Turns whatever a Slack Web API call threw into one FlowlensError sentence that says what failed and what
 * to fix: "cannot post the report message to Slack channel #ops: the bot is not a member of the channel
 * (not_in_channel) — invite the bot to the channel: /invite @yourbot".
 *
 * The bot token never reaches the message or the cause: the SDK's error is replaced by a plain cause with
 * its name and message, and every text taken from it passes through `redactSecrets`.
 */
import { FlowlensError } from "../../errors.js";
import { redactSecrets, type SecretValue } from "../../secrets/secret-value.js";

export interface SlackCallContext {
  /** What was being done, e.g. `post the report message to Slack channel #ops`. */
  readonly action: string;
  /** The Web API base URL, for network errors. */
  readonly apiUrl: string;
  /** How many times failed calls were retried, for errors that outlasted the retries. */
  readonly retries: number;
  /** Values that must not appear in the error: the token. */
  readonly secrets: readonly (SecretValue | string)[];
}

interface Advice {
  readonly reason: string;
  readonly hint?: string;
}

const CHECK_TOKEN =
  "check the bot token: use the app's Bot User OAuth Token (xoxb-…) from its OAuth & Permissions page";
const REINSTALL = "reinstall the Slack app to the workspace and use its new bot token";
const INVITE = "invite the bot to the channel: /invite @yourbot";
const TRY_LATER =
  "Slack may be having trouble (https://slack-status.com); run the delivery again later — it picks up where it stopped";

/** What the SDK's errors carry, read by their documented `code` rather than by class identity. */
interface SlackErrorShape {
  readonly code?: unknown;
  readonly data?: { readonly error?: unknown; readonly needed?: unknown };
  readonly statusCode?: unknown;
  readonly original?: unknown;
  readonly retryAfter?: unknown;
}

/** The Slack error code of a platform error (`{ok: false, error}`), e.g. `message_not_found`. */
export function platformErrorCode(error: unknown): string | undefined {
  const shape = error as SlackErrorShape | undefined;
  if (shape?.code !== "slack_webapi_platform_error") return undefined;
  return typeof shape.data?.error === "string" ? shape.data.error : undefined;
}

function platformAdvice(code: string, needed: string | undefined): Advice {
  switch (code) {
    case "invalid_auth":
    case "not_authed":
      return { reason: `Slack did not accept the bot token (${code})`, hint: CHECK_TOKEN };
    case "token_revoked":
    case "token_expired":
      return { reason: `the Slack bot token is no longer valid (${code})`, hint: REINSTALL };
    case "account_inactive":
      return {
        reason: "the bot token belongs to a deactivated Slack app, user or workspace (account_inactive)",
        hint: REINSTALL,
      };
    case "missing_scope":
      return needed
        ? {
            reason: `the bot token lacks the ${needed} scope (missing_scope)`,
            hint: `add the ${needed} bot token scope on the app's OAuth & Permissions page, reinstall the app and use its new bot token`,
          }
        : {
            reason: "the bot token lacks a scope this call needs (missing_scope)",
            hint: "give the app the chat:write and files:write bot token scopes, reinstall it and use its new bot token",
          };
    case "channel_not_found":
      return {
        reason: "the bot cannot see that channel (channel_not_found)",
        hint: `check the channel name or ID; for a private channel, ${INVITE}`,
      };
    case "not_in_channel":
      return { reason: "the bot is not a member of the channel (not_in_channel)", hint: INVITE };
    case "is_archived":
      return {
        reason: "the channel is archived (is_archived)",
        hint: "unarchive it or deliver to another channel",
      };
    default:
      return { reason: `Slack answered ${code}` };
  }
}

/** The message of an error and of its causes, e.g. `fetch failed: connect ECONNREFUSED 127.0.0.1:9`. */
function messages(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error && parts.length < 4; e = e.cause) parts.push(e.message);
  return parts.join(": ");
}

function advice(error: unknown, context: SlackCallContext): Advice {
  const shape = (error ?? {}) as SlackErrorShape;
  const code = platformErrorCode(error);
  if (code !== undefined) {
    return platformAdvice(code, typeof shape.data?.needed === "string" ? shape.data.needed : undefined);
  }
  const after = `after ${context.retries} ${context.retries === 1 ? "retry" : "retries"}`;
  if (shape.code === "slack_webapi_http_error" && typeof shape.statusCode === "number") {
    const status = shape.statusCode;
    return status >= 500
      ? { reason: `Slack answered HTTP ${status} ${after}`, hint: TRY_LATER }
      : { reason: `Slack answered HTTP ${status}`, hint: `check the Slack API URL (${context.apiUrl})` };
  }
  // Only when the caller chose not to wait (SlackClient's waitOnRateLimit: false).
  if (shape.code === "slack_webapi_rate_limited_error" && typeof shape.retryAfter === "number") {
    return {
      reason: `Slack is rate-limiting the bot and asked to wait ${shape.retryAfter} s (HTTP 429)`,
      hint: "it is tried again on the next delivery",
    };
  }
  if (shape.code === "slack_webapi_request_error") {
    return {
      reason: `cannot reach Slack at ${context.apiUrl} (${messages(shape.original)}) ${after}`,
      hint: "check the network connection, any proxy, and the Slack API URL",
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith("A rate limit was exceeded")) {
    return { reason: `Slack kept rate-limiting the calls ${after}`, hint: TRY_LATER };
  }
  return { reason: message };
}

/**
 * @param error what the WebClient call threw
 * @returns a FlowlensError FLOWLENS_SLACK_FAILED; a FlowlensError given comes back unchanged
 */
export function slackFailure(error: unknown, context: SlackCallContext): FlowlensError {
  if (error instanceof FlowlensError) return error;
  const clean = (text: string) => redactSecrets(text, context.secrets);
  const { reason, hint } = advice(error, context);
  const cause = new Error(clean(messages(error)));
  cause.name = error instanceof Error ? error.name : "Error";
  return new FlowlensError("FLOWLENS_SLACK_FAILED", clean(`cannot ${context.action}: ${reason}`), {
    ...(hint === undefined ? {} : { hint: clean(hint) }),
    cause,
  });
}
