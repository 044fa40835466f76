/**
 * The JSON a webhook receives for one alert event (version 1): the event as AlertEvent has it, its times
 * to the second (`2026-11-30T15:00:00Z`, as version 1 has always sent them), the rule it belongs to, and a
 * one-line `text` for receivers that only show text. New fields may be added within a version; a field's
 * meaning changes only with a new `version`.
 */
import type { AlertEvent } from "../alert-event.js";
import { formatAlertValue, formatWindow } from "./alert-numbers.js";

export const WEBHOOK_PAYLOAD_VERSION = 1;

export interface WebhookPayload {
  readonly version: typeof WEBHOOK_PAYLOAD_VERSION;
  readonly rule: { readonly name: string; readonly severity: AlertEvent["severity"] };
  readonly event: AlertEvent;
  readonly text: string;
}

export function webhookPayload(event: AlertEvent): WebhookPayload {
  const who = event.instance === "" ? event.rule : `${event.rule} (${event.instance})`;
  const threshold =
    event.threshold === null ? "" : `, threshold ${formatAlertValue(event.threshold, event.unit)}`;
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    rule: { name: event.rule, severity: event.severity },
    event: {
      ...event,
      windowStart: toSecond(event.windowStart),
      windowEnd: toSecond(event.windowEnd),
      evaluatedAt: toSecond(event.evaluatedAt),
    },
    text: `${event.toState}: ${who} — ${event.message} (${formatAlertValue(event.value, event.unit)}${threshold}, ${formatWindow(event.windowStart, event.windowEnd)})`,
  };
}

const toSecond = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}Z`;
