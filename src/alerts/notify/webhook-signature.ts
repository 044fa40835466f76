/**
 * How a webhook receiver knows a POST came from flowlens and was not replayed: `X-Flowlens-Timestamp` is
 * the Unix time in seconds when it was sent, and `X-Flowlens-Signature` is `sha256=` followed by the hex
 * HMAC-SHA256, keyed with the webhook's key, of `<timestamp>.<raw body>`. A receiver recomputes it over
 * the bytes it received, compares in constant time, and refuses timestamps more than a few minutes old.
 */
import { createHmac } from "node:crypto";
import type { SecretValue } from "../../secrets/secret-value.js";

export const SIGNATURE_HEADER = "x-flowlens-signature";
export const TIMESTAMP_HEADER = "x-flowlens-timestamp";

/** `sha256=<hex>` for this body sent at `timestamp` (Unix seconds). */
export function signWebhookBody(key: SecretValue, timestamp: number, body: string): string {
  const hmac = createHmac("sha256", key.reveal()).update(`${timestamp}.${body}`).digest("hex");
  return `sha256=${hmac}`;
}
