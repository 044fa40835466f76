/**
 * Alert events for notification tests, inserted into `alert_events` as evaluation writes them (the
 * contract's DDL): the test's input, not a stand-in for delivery. An S3-through-NAT rule goes into ALARM
 * at 14:00–15:00 and back to OK an hour later; the Slack and webhook settings point at local servers.
 */
import type { AlertEvent } from "../../../src/alerts/alert-event.js";
import { ensureAlertTables } from "../../../src/alerts/alert-tables.js";
import type { AlertTargets } from "../../../src/alerts/notify/alert-targets.js";
import type { AlertNotifySettings } from "../../../src/alerts/notify/deliver-alert-events.js";
import type { DuckDbStore } from "../../../src/store/duckdb/duckdb-store.js";
import { SLACK_TEST_CHANNEL, SLACK_TEST_TOKEN, type SlackApiServer } from "../../helpers/slack-api-server.js";

const GiB = 2 ** 30;

export const FAST_RETRY = { retries: 2, minTimeoutMs: 10, maxTimeoutMs: 20 } as const;

function series(start: string, values: readonly (number | null)[]): AlertEvent["series"] {
  return values.map((value, i) => ({ time: new Date(Date.parse(start) + i * 600_000).toISOString(), value }));
}

/** A transition into ALARM (`changes` replace fields); evaluated just now, so it is not stale. */
export function alarmEvent(changes: Partial<AlertEvent> = {}): AlertEvent {
  const rule = changes.rule ?? "s3-back-through-nat";
  const instance = changes.instance ?? "nat-0abc1234def567890";
  const windowEnd = changes.windowEnd ?? "2026-11-30T15:00:00Z";
  return {
    eventId: `${rule}|${instance}|ALARM|${windowEnd}`,
    rule,
    instance,
    severity: "high",
    fromState: "OK",
    toState: "ALARM",
    windowStart: "2026-11-30T14:00:00Z",
    windowEnd,
    value: 1.5 * GiB,
    threshold: 1 * GiB,
    unit: "bytes",
    usd: 0.07,
    message: "S3 traffic is going through NAT gateway nat-0abc1234def567890 again: 1.5 GiB in 1 hour",
    clearsEventId: null,
    // The sliding hour's bytes every 10 minutes, from two hours before the window's end to 40 minutes after.
    series: series(
      "2026-11-30T13:00:00Z",
      [0.1, 0.12, 0.1, 0.11, 0.13, 0.12, 0.35, 0.7, 1.05, 1.3, 1.45, 1.5, 1.5, 1.42, 1.2, 0.9, 0.6].map(
        (g) => g * GiB,
      ),
    ),
    evaluatedAt: new Date().toISOString(),
    ...changes,
  };
}

/** The OK that ends `alarm`, an hour later. */
export function okEvent(alarm: AlertEvent, changes: Partial<AlertEvent> = {}): AlertEvent {
  const windowEnd = "2026-11-30T16:00:00Z";
  return {
    ...alarm,
    eventId: `${alarm.rule}|${alarm.instance}|OK|${windowEnd}`,
    fromState: "ALARM",
    toState: "OK",
    windowStart: "2026-11-30T15:00:00Z",
    windowEnd,
    value: 0.1 * GiB,
    usd: 0.004,
    message: "S3 traffic through nat-0abc1234def567890 is back under 1 GiB an hour",
    clearsEventId: alarm.eventId,
    ...changes,
  };
}

export async function insertEvents(store: DuckDbStore, ...events: readonly AlertEvent[]): Promise<void> {
  await ensureAlertTables(store);
  for (const e of events) {
    await store.run(
      `INSERT INTO alert_events VALUES ($eventId, $rule, $instance, $severity, $fromState, $toState,
         CAST($windowStart AS TIMESTAMPTZ) AT TIME ZONE 'UTC', CAST($windowEnd AS TIMESTAMPTZ) AT TIME ZONE 'UTC',
         $value, $threshold, $unit, $usd, $message, $clearsEventId, $series,
         CAST($evaluatedAt AS TIMESTAMPTZ) AT TIME ZONE 'UTC')
       ON CONFLICT DO NOTHING`,
      { ...e, series: JSON.stringify(e.series) },
    );
  }
}

/** Settings that post every rule to the local Slack API's reports channel, plus `targets` per rule. */
export function slackSettings(
  server: SlackApiServer,
  targets: Readonly<Record<string, AlertTargets>> = {},
): AlertNotifySettings {
  return {
    targetsOf: (rule) => targets[rule] ?? { slack: {}, webhooks: [] },
    slack: { token: SLACK_TEST_TOKEN, channel: SLACK_TEST_CHANNEL.id, apiUrl: server.url },
  };
}
