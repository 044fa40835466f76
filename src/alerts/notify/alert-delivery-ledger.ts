/**
 * The notification ledger (`alert_deliveries`, created on first use beside `alert_events`): one row per
 * event × target — `slack` (the ALARM message or the OK reply), `slack-chart` (the ALARM's chart in its
 * thread), `webhook:<name>` — written as soon as the receiver has answered. `delivered` and `skipped` rows
 * are final; a `failed` row (its attempts, the last error and HTTP status) is tried again on a later call.
 * Together with `alert_events` it is an outbox: what has no final row for a target is still to be sent,
 * but for the events of a silenced rule (`alert_silenced_events`).
 *
 * `AlertDeliveryLedger.open` picks the ledger of the store's backend: DuckDB's table below, or ClickHouse's
 * appended versions of the same rows (clickhouse/clickhouse-alert-delivery-ledger.ts).
 */
import type { Store } from "../../store/store.js";
import type { AlertEvent } from "../alert-event.js";
import { ensureAlertTables } from "../alert-tables.js";
import { ClickHouseAlertDeliveryLedger } from "../clickhouse/clickhouse-alert-delivery-ledger.js";
import { type AlertEventRow, alertEventColumns, readAlertEvents } from "./read-alert-events.js";

export const ALERT_DELIVERIES_DDL = `CREATE TABLE IF NOT EXISTS alert_deliveries (
  event_id VARCHAR NOT NULL,
  target VARCHAR NOT NULL,
  state VARCHAR NOT NULL CHECK (state IN ('delivered', 'failed', 'skipped')),
  attempts INTEGER NOT NULL,
  http_status INTEGER,
  detail VARCHAR,
  channel_id VARCHAR,
  message_ts VARCHAR,
  file_id VARCHAR,
  first_attempt_at TIMESTAMP NOT NULL,
  last_attempt_at TIMESTAMP NOT NULL,
  PRIMARY KEY (event_id, target)
)`;

/** What is sent for an event: its Slack message, its chart, or its webhook POST. */
export type TargetKind = "slack" | "slack-chart" | "webhook";

/** One target of one rule, as the outbox query takes it. */
export interface RuleTarget {
  readonly rule: string;
  /** `slack`, `slack-chart` or `webhook:<name>`. */
  readonly target: string;
  readonly kind: TargetKind;
}

export interface PendingDelivery {
  readonly event: AlertEvent;
  readonly target: string;
  readonly kind: TargetKind;
  /** Attempts made by earlier calls. */
  readonly attempts: number;
}

export interface DeliveryOutcome {
  readonly state: "delivered" | "failed" | "skipped";
  readonly httpStatus?: number;
  /** A failure's sentence, or why it was skipped. */
  readonly detail?: string;
  readonly channelId?: string;
  readonly messageTs?: string;
  readonly fileId?: string;
}

/**
 * Which events each kind of target receives: Slack a transition into ALARM and the OK that ends one (a
 * reply in its thread); the chart goes with the ALARM; webhooks every transition. SQL over the event's
 * columns and `kind`, in both dialects.
 */
export const KIND_TAKES = `(kind = 'webhook'
  OR (kind = 'slack' AND (to_state = 'ALARM' OR (to_state = 'OK' AND clears_event_id IS NOT NULL)))
  OR (kind = 'slack-chart' AND to_state = 'ALARM'))`;

/** The order deliveries are made in: oldest evaluation first (an ALARM before the OK ending it). */
export const DELIVERY_ORDER = "evaluated_at, window_end, event_id, target";

export interface PendingRow extends AlertEventRow {
  target: string;
  kind: TargetKind;
  attempts: number | null;
}

/** What the outbox reads and records, on either backend. */
export interface AlertDeliveryLedger {
  /** The rules that have events, for the caller to name their targets. */
  rules(): Promise<string[]>;
  /** Every event × target without a final row, oldest evaluation first (an ALARM before the OK ending it). */
  pending(targets: readonly RuleTarget[], limit: number): Promise<PendingDelivery[]>;
  /** The Slack message an event was posted as, when it was. */
  slackMessage(eventId: string): Promise<{ channelId: string; messageTs: string } | undefined>;
  /** Records what a receiver answered (or why nothing was sent), replacing an earlier failure. */
  record(eventId: string, target: string, outcome: DeliveryOutcome): Promise<void>;
}

export const AlertDeliveryLedger = {
  /** The ledger of a store open for writing, creating the alert tables and `alert_deliveries` when missing. */
  async open(store: Store): Promise<AlertDeliveryLedger> {
    await ensureAlertTables(store);
    if (store.dialect.name === "clickhouse") return ClickHouseAlertDeliveryLedger.open(store);
    await store.run(ALERT_DELIVERIES_DDL);
    return new DuckDbAlertDeliveryLedger(store);
  },
};

/** What each event's notifications did, by event id, targets in order (a store without the ledger: none). */
export async function deliveryStates(
  store: Store,
  eventIds: readonly string[],
): Promise<Map<string, { target: string; state: DeliveryOutcome["state"] }[]>> {
  const out = new Map<string, { target: string; state: DeliveryOutcome["state"] }[]>();
  if (eventIds.length === 0) return out;
  const ids = eventIds.map((id) => `'${id.replaceAll("'", "''")}'`).join(", ");
  const rows = await store.rows<{ event_id: string; target: string; state: DeliveryOutcome["state"] }>(
    `SELECT event_id, target, state FROM alert_deliveries WHERE event_id IN (${ids}) ORDER BY event_id, target`,
  );
  for (const { event_id, target, state } of rows)
    out.set(event_id, [...(out.get(event_id) ?? []), { target, state }]);
  return out;
}

/** The rules that have events: the same SQL on both backends. */
export async function rulesWithEvents(store: Store): Promise<string[]> {
  const rows = await store.rows<{ rule: string }>("SELECT DISTINCT rule FROM alert_events ORDER BY rule");
  return rows.map((row) => row.rule);
}

/** The Slack message an event was posted as: the same SQL on both backends. */
export async function slackMessageOf(
  store: Store,
  eventId: string,
): Promise<{ channelId: string; messageTs: string } | undefined> {
  const [row] = await store.rows<{ channel_id: string; message_ts: string }>(
    `SELECT channel_id, message_ts FROM alert_deliveries
     WHERE event_id = $eventId AND target = 'slack' AND state = 'delivered' AND message_ts IS NOT NULL`,
    { eventId },
  );
  return row && { channelId: row.channel_id, messageTs: row.message_ts };
}

export function pendingOf(rows: readonly (AlertEvent & { readonly row: PendingRow })[]): PendingDelivery[] {
  return rows.map(({ row, ...event }) => ({
    event,
    target: row.target,
    kind: row.kind,
    attempts: row.attempts === null ? 0 : Number(row.attempts),
  }));
}

class DuckDbAlertDeliveryLedger implements AlertDeliveryLedger {
  constructor(private readonly store: Store) {}

  rules(): Promise<string[]> {
    return rulesWithEvents(this.store);
  }

  async pending(targets: readonly RuleTarget[], limit: number): Promise<PendingDelivery[]> {
    if (targets.length === 0) return [];
    const rows = await readAlertEvents<PendingRow>(
      this.store,
      `WITH t AS (
         SELECT unnest(from_json($targets, '[{"rule":"VARCHAR","target":"VARCHAR","kind":"VARCHAR"}]'), recursive := true)
       )
       SELECT * FROM (
         SELECT ${alertEventColumns("duckdb")}, t.target, t.kind, d.attempts, d.state AS delivery_state
         FROM alert_events e JOIN t ON t.rule = e.rule
         LEFT JOIN alert_deliveries d ON d.event_id = e.event_id AND d.target = t.target
         -- Events recorded while their rule was silenced are history, not notifications.
         WHERE e.event_id NOT IN (SELECT event_id FROM alert_silenced_events)
       )
       WHERE (delivery_state IS NULL OR delivery_state = 'failed') AND ${KIND_TAKES}
       ORDER BY ${DELIVERY_ORDER}
       LIMIT $limit`,
      { targets: JSON.stringify(targets), limit },
    );
    return pendingOf(rows);
  }

  slackMessage(eventId: string): Promise<{ channelId: string; messageTs: string } | undefined> {
    return slackMessageOf(this.store, eventId);
  }

  async record(eventId: string, target: string, outcome: DeliveryOutcome): Promise<void> {
    await this.store.run(
      `INSERT INTO alert_deliveries VALUES ($eventId, $target, $state, 1, $httpStatus, $detail, $channelId,
         $messageTs, $fileId, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
       ON CONFLICT DO UPDATE SET state = excluded.state, attempts = alert_deliveries.attempts + 1,
         http_status = excluded.http_status, detail = excluded.detail, channel_id = excluded.channel_id,
         message_ts = excluded.message_ts, file_id = excluded.file_id, last_attempt_at = excluded.last_attempt_at`,
      {
        eventId,
        target,
        state: outcome.state,
        httpStatus: outcome.httpStatus ?? null,
        detail: outcome.detail ?? null,
        channelId: outcome.channelId ?? null,
        messageTs: outcome.messageTs ?? null,
        fileId: outcome.fileId ?? null,
      },
    );
  }
}
