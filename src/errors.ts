/**
 * The one catalog of errors flowlens shows to users. Every error has a stable code, a message that names
 * the thing, the value and what was expected, and an optional hint saying how to fix it. Only the CLI entry
 * point turns them into exit codes.
 */

export const ERROR_CODES = {
  FLOWLENS_USAGE: "a command line that does not parse",
  FLOWLENS_CONFIG_INVALID: "a setting (flag, FLOWLENS_* variable or config file) that does not validate",
  FLOWLENS_FORMAT_INVALID: "a log format string or header line that cannot be read",
  FLOWLENS_SOURCE_NOT_FOUND: "a path, glob or S3 location that matches nothing",
  FLOWLENS_SOURCE_UNREADABLE: "an object that cannot be read (corrupt gzip or Parquet, access denied)",
  FLOWLENS_STORE_LOCKED: "the store is open for writing in another process",
  FLOWLENS_STORE_OPEN_FAILED: "the store file cannot be opened",
  FLOWLENS_STORE_UNREACHABLE:
    "a ClickHouse store that does not answer, refuses the credentials or a statement (names the server)",
  FLOWLENS_STORE_SCHEMA:
    "a ClickHouse store whose schema is missing or older than this flowlens (store init)",
  FLOWLENS_STORE_UNSUPPORTED: "a feature the configured store's backend does not have yet",
  FLOWLENS_QUERY_FAILED: "SQL that DuckDB refused",
  FLOWLENS_ROLLUP_FAILED: "flows that could not be summarised into the rollups (tried again next run)",
  FLOWLENS_QUERY_REFUSED:
    "SQL the query sandbox does not run (files, extensions, settings, writes, several statements)",
  FLOWLENS_QUERY_TIMEOUT: "a query stopped at its time limit",
  FLOWLENS_S3_FAILED: "an S3 call that failed",
  FLOWLENS_CLOUDWATCH_FAILED:
    "a CloudWatch Logs call that failed (log group not found, access denied, throttled, network)",
  FLOWLENS_INGEST_INCOMPLETE: "an ingest run in which some objects failed",
  FLOWLENS_INVENTORY_INVALID: "an inventory file that is not JSON or does not validate",
  FLOWLENS_EC2_FAILED: "an EC2 describe call that failed (inventory sync)",
  FLOWLENS_IP_RANGES_INVALID: "an AWS ip-ranges.json that is not JSON or does not validate",
  FLOWLENS_DOWNLOAD_FAILED: "a download that failed (network error, timeout or HTTP status)",
  FLOWLENS_SLACK_FAILED: "a Slack Web API call that failed (token, channel, scope, rate limit, network)",
  FLOWLENS_SECRET_FAILED: "a Secrets Manager secret that cannot be read (not found, denied, no credentials)",
  FLOWLENS_SECRET_INVALID: "a secret that is not JSON or lacks the expected keys",
  FLOWLENS_SERVE_FAILED:
    "flowlens serve cannot start (address in use, TLS files, spool in use by another server)",
  FLOWLENS_NOT_FOUND: "a dashboard API item that does not exist (an insight id, a saved query)",
  FLOWLENS_UNAUTHORIZED: "a dashboard or API request without the configured credential",
  FLOWLENS_HOST_REFUSED:
    "a request to a dashboard without a credential that names another host than this machine (DNS rebinding)",
  FLOWLENS_SLACK_CREDENTIALS_INVALID: "a Slack bot token or channel ID that is missing or malformed",
  FLOWLENS_WEBHOOK_FAILED: "an alert webhook POST that failed (non-2xx answer, time-out, network)",
  FLOWLENS_ALERTS_UNDELIVERED:
    "alert notifications not delivered yet: they wait in the outbox for the next evaluation",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
}

export class FlowlensError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FlowlensError";
    this.code = code;
    this.hint = options.hint;
  }

  /** The message with its hint, as shown to a user. */
  get sentence(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }
}

/** Usage errors, exit 2: the command line or a setting is wrong, and nothing was done. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set(["FLOWLENS_USAGE", "FLOWLENS_CONFIG_INVALID"]);

/** The exit code for an error: 2 for usage (command line or settings), 1 for everything else. */
export function exitCodeFor(error: unknown): number {
  return error instanceof FlowlensError && USAGE_CODES.has(error.code) ? 2 : 1;
}

/** A short message for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof FlowlensError) return error.sentence;
  if (error instanceof Error) return error.message;
  return String(error);
}
