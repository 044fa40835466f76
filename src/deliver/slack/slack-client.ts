/**
 * The Slack Web API calls a delivery makes, through the official client (`@slack/web-api`):
 * chat.postMessage, chat.update, chat.getPermalink, files.uploadV2 (files.getUploadURLExternal, a POST of
 * the bytes to the upload URL, files.completeUploadExternal) and files.delete.
 *
 * The client waits out 429 answers for their Retry-After (unless `waitOnRateLimit` is false) and retries
 * 5xx answers and network errors with exponential back-off. Errors Slack answers with (`ok: false`:
 * invalid_auth, channel_not_found …) are not retried: they fail at once with a sentence saying what to
 * fix (`slack-failure.ts`). The client's logger writes nothing, so the token cannot reach a log.
 */
import {
  type FilesCompleteUploadExternalResponse,
  type Logger,
  LogLevel,
  type RetryOptions,
  WebClient,
} from "@slack/web-api";
import { checkEndpointUrl } from "../../aws/check-endpoint-url.js";
import { FlowlensError } from "../../errors.js";
import { SecretValue } from "../../secrets/secret-value.js";
import type { SlackMessage } from "./block-kit.js";
import { platformErrorCode, slackFailure } from "./slack-failure.js";

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** How failed calls (429, 5xx, network errors) are retried. */
export interface SlackRetryPolicy {
  /** Retries after the first attempt. @default 5 */
  readonly retries?: number;
  /** The first back-off, doubled on each retry. @default 1000 */
  readonly minTimeoutMs?: number;
  /** The longest back-off. @default 30000 */
  readonly maxTimeoutMs?: number;
}

export interface SlackClientOptions {
  /** The bot token (xoxb-…). It is sent in the Authorization header and nowhere else. */
  readonly token: string | SecretValue;
  /**
   * The Web API base URL, for GovSlack (`https://slack-gov.com/api/`), a proxy, or tests.
   * @default "https://slack.com/api/"
   */
  readonly apiUrl?: string;
  /** @default 5 retries, back-off from 1 s doubling up to 30 s */
  readonly retry?: SlackRetryPolicy;
  /** How long one HTTP request may take before it is abandoned (and retried). @default 60000 */
  readonly timeoutMs?: number;
  /**
   * Wait out a 429's Retry-After (which Slack may set to minutes) before calling again; false fails the
   * call at once instead, for callers that must not wait long (alert notifications retry on their next run).
   * @default true
   */
  readonly waitOnRateLimit?: boolean;
}

export interface SlackUpload {
  readonly channelId: string;
  readonly threadTs: string;
  readonly bytes: Buffer;
  /** With its extension, so Slack shows it as what it is (`flowlens-2026-11-20.html`). */
  readonly filename: string;
  readonly title: string;
  /** A description of an image for screen readers. */
  readonly altText?: string;
}

/** A logger that writes nothing: the client's debug lines include request details. */
const SILENT_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export class SlackClient {
  private readonly web: WebClient;
  private readonly apiUrl: string;
  private readonly retries: number;
  private readonly token: SecretValue;

  constructor(options: SlackClientOptions) {
    this.apiUrl = options.apiUrl ?? DEFAULT_SLACK_API_URL;
    checkEndpointUrl(this.apiUrl, "Slack Web API", DEFAULT_SLACK_API_URL);
    this.token = options.token instanceof SecretValue ? options.token : new SecretValue(options.token);
    if (this.token.reveal().trim() === "") {
      throw new FlowlensError("FLOWLENS_SLACK_CREDENTIALS_INVALID", "the Slack bot token is empty", {
        hint: "give the app's Bot User OAuth Token (xoxb-…)",
      });
    }
    this.retries = options.retry?.retries ?? 5;
    const retryConfig: RetryOptions = {
      retries: this.retries,
      factor: 2,
      minTimeout: options.retry?.minTimeoutMs ?? 1000,
      maxTimeout: options.retry?.maxTimeoutMs ?? 30_000,
      randomize: true,
    };
    this.web = new WebClient(this.token.reveal(), {
      slackApiUrl: this.apiUrl,
      logger: SILENT_LOGGER,
      retryConfig,
      rejectRateLimitedCalls: options.waitOnRateLimit === false,
      timeout: options.timeoutMs ?? 60_000,
    });
  }

  /** Posts a message, in a thread when `threadTs` is given; returns the channel's ID and the message's ts. */
  async postMessage(
    channel: string,
    message: SlackMessage,
    action: string,
    threadTs?: string,
  ): Promise<{ channelId: string; ts: string }> {
    const result = await this.call(action, () =>
      this.web.chat.postMessage({
        channel,
        text: message.text,
        blocks: [...message.blocks],
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!result.channel || !result.ts) throw this.malformed(action, "chat.postMessage gave no channel or ts");
    return { channelId: result.channel, ts: result.ts };
  }

  /** Replaces a message's text and blocks; "gone" when Slack no longer has the message. */
  async updateMessage(
    channelId: string,
    ts: string,
    message: SlackMessage,
    action: string,
  ): Promise<"updated" | "gone"> {
    return this.call(
      action,
      async () => {
        await this.web.chat.update({
          channel: channelId,
          ts,
          text: message.text,
          blocks: [...message.blocks],
        });
        return "updated" as const;
      },
      { message_not_found: "gone" },
    );
  }

  /** Uploads a file into a thread (files.uploadV2: get an upload URL, POST the bytes, complete); its ID. */
  async uploadFile(upload: SlackUpload, action: string): Promise<string> {
    const result = await this.call(action, () =>
      this.web.files.uploadV2({
        channel_id: upload.channelId,
        thread_ts: upload.threadTs,
        file: upload.bytes,
        filename: upload.filename,
        title: upload.title,
        ...(upload.altText === undefined ? {} : { alt_text: upload.altText }),
      }),
    );
    // The method is typed loosely; it answers with every files.completeUploadExternal response.
    const completed = (result as { files?: FilesCompleteUploadExternalResponse[] }).files;
    const fileId = completed?.[0]?.files?.[0]?.id;
    if (!fileId) throw this.malformed(action, "files.completeUploadExternal gave no file id");
    return fileId;
  }

  /** Deletes a file the bot uploaded; "gone" when it was already deleted. */
  async deleteFile(fileId: string, action: string): Promise<"deleted" | "gone"> {
    return this.call(
      action,
      async () => {
        await this.web.files.delete({ file: fileId });
        return "deleted" as const;
      },
      { file_not_found: "gone", file_deleted: "gone" },
    );
  }

  async permalink(channelId: string, ts: string, action: string): Promise<string | undefined> {
    const result = await this.call(action, () =>
      this.web.chat.getPermalink({ channel: channelId, message_ts: ts }),
    );
    return result.permalink;
  }

  /**
   * Runs one call; Slack error codes listed in `expected` become that value, anything else a FlowlensError.
   */
  private async call<T, E = never>(
    action: string,
    run: () => Promise<T>,
    expected: Readonly<Record<string, E>> = {},
  ): Promise<T | E> {
    try {
      return await run();
    } catch (error) {
      const code = platformErrorCode(error);
      if (code !== undefined && code in expected) return expected[code] as E;
      throw slackFailure(error, {
        action,
        apiUrl: this.apiUrl,
        retries: this.retries,
        secrets: [this.token],
      });
    }
  }

  private malformed(action: string, detail: string): FlowlensError {
    return new FlowlensError("FLOWLENS_SLACK_FAILED", `cannot ${action}: ${detail}`, {
      hint: `check that the Slack API URL (${this.apiUrl}) is Slack's Web API`,
    });
  }
}
