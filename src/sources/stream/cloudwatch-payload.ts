/**
 * A CloudWatch Logs subscription payload: gzip of JSON, as a subscription filter hands it to Firehose, a
 * Kinesis stream or a Lambda function (`{"awslogs": {"data": …}}`). `DATA_MESSAGE` carries log events, one
 * flow record each; `CONTROL_MESSAGE` is CloudWatch checking that the destination is reachable.
 */
import { gunzipSync } from "node:zlib";

export interface LogEvent {
  readonly id: string;
  readonly timestamp: number;
  readonly message: string;
  /** The fields a space-delimited filter pattern (`[version, account_id, …]`) extracted, in its order. */
  readonly extractedFields?: Readonly<Record<string, string>>;
}

export interface LogEventsMessage {
  readonly kind: "data";
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly events: readonly LogEvent[];
}

export type CloudWatchPayload = LogEventsMessage | { readonly kind: "control" };

/** A subscription payload is at most 1 MiB uncompressed; far more than this is not one. */
export const MAX_PAYLOAD_BYTES = 16 * 2 ** 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown, name: string): string {
  if (typeof value !== "string") throw new Error(`the payload's ${name} is not a string`);
  return value;
}

function logEvent(value: unknown, index: number): LogEvent {
  if (!isObject(value) || typeof value.message !== "string") {
    throw new Error(`log event ${index + 1} has no message`);
  }
  const fields = value.extractedFields;
  return {
    id: typeof value.id === "string" ? value.id : String(value.id ?? ""),
    timestamp: typeof value.timestamp === "number" ? value.timestamp : Number.NaN,
    message: value.message,
    ...(isObject(fields) ? { extractedFields: fields as Record<string, string> } : {}),
  };
}

/** True when the bytes start like a gzip stream. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** @throws Error whose message says what is wrong with the payload (it becomes a quarantine reason) */
export function decodeCloudWatchPayload(gzipped: Uint8Array): CloudWatchPayload {
  let json: string;
  try {
    json = gunzipSync(gzipped, { maxOutputLength: MAX_PAYLOAD_BYTES }).toString("utf8");
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
    throw new Error(
      tooLarge
        ? `the gzip payload unpacks to more than ${MAX_PAYLOAD_BYTES / 2 ** 20} MiB`
        : `the payload is not a complete gzip stream (${(error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error("the gzip payload is not JSON");
  }
  if (!isObject(parsed)) throw new Error("the gzip payload is not a JSON object");
  if (parsed.messageType === "CONTROL_MESSAGE") return { kind: "control" };
  if (parsed.messageType !== "DATA_MESSAGE") {
    throw new Error(
      `the payload's messageType is ${JSON.stringify(parsed.messageType ?? null)}, not DATA_MESSAGE or CONTROL_MESSAGE`,
    );
  }
  if (!Array.isArray(parsed.logEvents)) throw new Error("the payload has no logEvents array");
  return {
    kind: "data",
    owner: text(parsed.owner, "owner"),
    logGroup: text(parsed.logGroup, "logGroup"),
    logStream: text(parsed.logStream, "logStream"),
    events: parsed.logEvents.map(logEvent),
  };
}
