/**
 * What one Firehose record's `data` holds: base64 of either a CloudWatch Logs subscription payload (gzip
 * JSON, see cloudwatch-payload.ts) or, from VPC Flow Logs delivering to Firehose directly, record text —
 * one or several newline-separated lines, or `{"message": "<record>"}`. Never a header line.
 */
import { type CloudWatchPayload, decodeCloudWatchPayload, isGzip } from "./cloudwatch-payload.js";

export type FirehoseRecordContent = CloudWatchPayload | { readonly kind: "lines"; readonly lines: string[] };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (Node's decoder skips what it does not understand). @throws Error naming the problem */
export function decodeBase64(data: unknown): Buffer {
  if (typeof data !== "string") throw new Error("the record's data is not a base64 string");
  const bytes = Buffer.from(data, "base64");
  // Data that encodes back to itself is valid (the common case, and ~10× faster than the pattern); the
  // pattern decides the rest (e.g. padding bits that are not zero, which the check below still allows).
  if (bytes.toString("base64") === data) return bytes;
  if (data.length % 4 !== 0 || !BASE64.test(data)) throw new Error("the record's data is not valid base64");
  return bytes;
}

/** The lines of record text; a `{"message": …}` wrapper gives its message. */
export function recordTextLines(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error("the record starts like JSON but is not JSON");
    }
    const message = (parsed as { message?: unknown } | null)?.message;
    if (typeof message !== "string") throw new Error('the record is JSON without a "message" string');
    return recordTextLines(message);
  }
  return trimmed
    .split("\n")
    .map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line))
    .filter((line) => line.trim() !== "");
}

/** @throws Error whose message says what is wrong (it becomes the record's quarantine reason) */
export function decodeFirehoseRecord(data: unknown): FirehoseRecordContent {
  const bytes = decodeBase64(data);
  if (isGzip(bytes)) return decodeCloudWatchPayload(bytes);
  return { kind: "lines", lines: recordTextLines(bytes.toString("utf8")) };
}
