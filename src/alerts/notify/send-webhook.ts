/**
 * One signed POST to a webhook, with a time limit per attempt and retries with exponential back-off for
 * what may pass (network errors, time-outs, 408, 429, 5xx). Any other non-2xx answer fails at once with
 * its status. Errors name the webhook and its URL's origin only: a path or query may carry a token.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { FlowlensError } from "../../errors.js";
import { redactSecrets, type SecretValue } from "../../secrets/secret-value.js";
import type { NamedWebhook } from "./alert-targets.js";
import type { AlertRetryPolicy } from "./retry-policy.js";
import { backoffMs } from "./retry-policy.js";
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from "./webhook-signature.js";

export interface WebhookAnswer {
  readonly status: number;
}

/** A webhook's failure, with the last HTTP status when there was an answer. */
export class WebhookFailure extends FlowlensError {
  constructor(
    message: string,
    readonly httpStatus: number | undefined,
    hint: string,
  ) {
    super("FLOWLENS_WEBHOOK_FAILED", message, { hint });
  }
}

const RETRIED = (status: number) => status === 408 || status === 429 || status >= 500;

/** Where a webhook is, for messages: the origin only (`https://hooks.example.com`). */
export function webhookWhere(webhook: NamedWebhook): string {
  return `webhook ${webhook.name} (${new URL(webhook.url).origin})`;
}

/**
 * @param deliveryId sent as `X-Flowlens-Delivery`, so a receiver can drop a repeat
 * @throws WebhookFailure after the retries, or at once for a 4xx other than 408/429
 */
export async function sendWebhook(
  webhook: NamedWebhook,
  key: SecretValue,
  body: string,
  deliveryId: string,
  retry: AlertRetryPolicy,
): Promise<WebhookAnswer> {
  const where = webhookWhere(webhook);
  const timeoutMs = webhook.timeoutSeconds * 1000;
  let last = "";
  let status: number | undefined;
  for (let attempt = 0; attempt <= retry.retries; attempt++) {
    if (attempt > 0) await sleep(backoffMs(retry, attempt));
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "flowlens-alerts",
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhookBody(key, timestamp, body),
          "x-flowlens-delivery": deliveryId,
        },
        body,
        redirect: "error",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      status = response.status;
      if (response.ok) return { status };
      last = `answered HTTP ${status}`;
      if (!RETRIED(status)) {
        throw new WebhookFailure(
          `cannot POST the alert to ${where}: it ${last}`,
          status,
          "check the webhook's URL and that its receiver accepts flowlens's signed JSON",
        );
      }
    } catch (error) {
      if (error instanceof WebhookFailure) throw error;
      status = undefined;
      const name = (error as Error).name;
      last =
        name === "TimeoutError"
          ? `did not answer within ${webhook.timeoutSeconds} s`
          : `could not be reached (${redactSecrets(causeOf(error), [key, webhook.url])})`;
    }
  }
  throw new WebhookFailure(
    `cannot POST the alert to ${where}: it ${last} after ${retry.retries} retries`,
    status,
    "it is tried again on the next delivery",
  );
}

/** fetch's "fetch failed" hides the reason in its cause (ECONNREFUSED …). */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
