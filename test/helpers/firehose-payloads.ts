/**
 * Deliveries built from the shapes AWS documents (the Firehose HTTP endpoint delivery specification and
 * the CloudWatch Logs subscription guide): CloudWatch Logs subscription payloads (base64 of gzip JSON),
 * direct VPC Flow Logs records, and whole Firehose HTTP endpoint requests with their headers.
 */
import { gzipSync } from "node:zlib";

export const SOURCE_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/vpc-flows";
export const ACCESS_KEY = "test-access-key-0123456789";

export interface LogEventInput {
  readonly id?: string;
  readonly timestamp?: number;
  readonly message: string;
  readonly extractedFields?: Record<string, string>;
}

/** A `DATA_MESSAGE` payload's JSON. */
export function dataMessage(
  messages: readonly (string | LogEventInput)[],
  logGroup = "/vpc/flow-logs",
  logStream = "eni-0a1b2c3d4e5f00001-all",
) {
  return {
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup,
    logStream,
    subscriptionFilters: ["to-firehose"],
    logEvents: messages.map((m, i) => {
      const event = typeof m === "string" ? { message: m } : m;
      return {
        id: event.id ?? `3${String(i).padStart(55, "0")}`,
        timestamp: event.timestamp ?? 1_764_547_200_000,
        ...event,
      };
    }),
  };
}

export const CONTROL_MESSAGE = {
  messageType: "CONTROL_MESSAGE",
  owner: "CloudwatchLogs",
  logGroup: "",
  logStream: "",
  subscriptionFilters: [],
  logEvents: [
    {
      id: "",
      timestamp: 1_764_547_200_000,
      message: "CWL CONTROL MESSAGE: Checking health of destination Firehose.",
    },
  ],
};

/** A Firehose record's data for a CloudWatch payload: base64 of gzip of the JSON. */
export function cloudWatchData(payload: unknown): string {
  return gzipSync(JSON.stringify(payload)).toString("base64");
}

/** A Firehose record's data for direct flow-log text. */
export function textData(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** Default-format records of one ENI, the n-th with n bytes, all starting at `start`. */
export function defaultRecords(
  count: number,
  options: { start?: number; eni?: string; first?: number } = {},
): string[] {
  const start = options.start ?? 1_764_547_200;
  const eni = options.eni ?? "eni-0a1b2c3d4e5f00001";
  const first = options.first ?? 1;
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return `2 123456789012 ${eni} 10.0.1.${(n % 250) + 1} 52.216.8.${(n % 200) + 1} ${20000 + (n % 40000)} 443 6 ${(n % 90) + 1} ${n} ${start} ${start + 60} ACCEPT OK`;
  });
}

export interface FirehoseRequestInput {
  readonly requestId: string;
  readonly records: readonly { data: unknown }[] | readonly unknown[];
  readonly accessKey?: string | null;
  readonly sourceArn?: string | null;
  readonly commonAttributes?: Record<string, string>;
  readonly gzip?: boolean;
  /** The body's requestId when it should differ from the header's. */
  readonly bodyRequestId?: string;
}

/** Headers and body of a Firehose HTTP endpoint request, as Firehose sends it. */
export function firehoseRequest(input: FirehoseRequestInput): {
  headers: Record<string, string>;
  body: Buffer;
} {
  const json = JSON.stringify({
    requestId: input.bodyRequestId ?? input.requestId,
    timestamp: 1_764_547_260_000,
    records: input.records,
  });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-amz-firehose-protocol-version": "1.0",
    "x-amz-firehose-request-id": input.requestId,
  };
  if (input.accessKey !== null) headers["x-amz-firehose-access-key"] = input.accessKey ?? ACCESS_KEY;
  if (input.sourceArn !== null) headers["x-amz-firehose-source-arn"] = input.sourceArn ?? SOURCE_ARN;
  if (input.commonAttributes) {
    headers["x-amz-firehose-common-attributes"] = JSON.stringify({
      commonAttributes: input.commonAttributes,
    });
  }
  if (input.gzip) headers["content-encoding"] = "gzip";
  return { headers, body: input.gzip ? gzipSync(json) : Buffer.from(json) };
}
