/**
 * The alert delivery ledger on a ClickHouse store: DuckDB's `alert_deliveries` rows (notify/
 * alert-delivery-ledger.ts) as appended versions keyed by event and target, read through a view of that
 * name. Recording a delivery appends its next version (one more attempt, the first attempt's time kept), so
 * a delivered or skipped row stays final and the outbox posts each event once, also after a crash and a
 * re-run. It lives beside the alert tables, on the server the store URL names.
 */
import { literal } from "../../store/clickhouse/bind-params.js";
import {
  appendVersion,
  utcNowText,
  type VersionedTable,
  versionedTableDdl,
} from "../../store/clickhouse/versioned-table.js";
import type { Store } from "../../store/store.js";
import {
  type AlertDeliveryLedger,
  DELIVERY_ORDER,
  type DeliveryOutcome,
  KIND_TAKES,
  type PendingDelivery,
  type PendingRow,
  pendingOf,
  type RuleTarget,
  rulesWithEvents,
  slackMessageOf,
} from "../notify/alert-delivery-ledger.js";
import { alertEventColumns, readAlertEvents } from "../notify/read-alert-events.js";

export const CLICKHOUSE_ALERT_DELIVERIES: VersionedTable = {
  table: "alert_delivery_versions",
  view: "alert_deliveries",
  keys: [
    ["event_id", "String"],
    ["target", "String"],
  ],
  columns: [
    ["state", "String"],
    ["attempts", "Int32"],
    ["http_status", "Nullable(Int32)"],
    ["detail", "Nullable(String)"],
    ["channel_id", "Nullable(String)"],
    ["message_ts", "Nullable(String)"],
    ["file_id", "Nullable(String)"],
    ["first_attempt_at", "DateTime('UTC')"],
    ["last_attempt_at", "DateTime('UTC')"],
  ],
};

export class ClickHouseAlertDeliveryLedger implements AlertDeliveryLedger {
  private constructor(private readonly store: Store) {}

  /** Creates `alert_deliveries` when missing (the caller has made the alert tables). */
  static async open(store: Store): Promise<ClickHouseAlertDeliveryLedger> {
    for (const ddl of versionedTableDdl(CLICKHOUSE_ALERT_DELIVERIES)) await store.run(ddl);
    return new ClickHouseAlertDeliveryLedger(store);
  }

  rules(): Promise<string[]> {
    return rulesWithEvents(this.store);
  }

  async pending(targets: readonly RuleTarget[], limit: number): Promise<PendingDelivery[]> {
    if (targets.length === 0) return [];
    // The targets as a table to join on (18.16: one JOIN per SELECT, by USING); the ledger's rows by a
    // second one, whose missing rows give NULLs with join_use_nulls.
    const targetTable = targets
      .map(
        (t) =>
          `SELECT ${literal(t.rule)} AS rule, ${literal(t.target)} AS target, ${literal(t.kind)} AS kind`,
      )
      .join(" UNION ALL ");
    const rows = await readAlertEvents<PendingRow>(
      this.store,
      `SELECT ${alertEventColumns("clickhouse")}, target, kind, attempts
       FROM (
         SELECT * FROM alert_events ALL INNER JOIN (${targetTable}) USING (rule)
         WHERE event_id NOT IN (SELECT event_id FROM alert_silenced_events)
       )
       ALL LEFT JOIN (SELECT event_id, target, state AS delivery_state, attempts FROM alert_deliveries)
         USING (event_id, target)
       WHERE (isNull(delivery_state) OR delivery_state = 'failed') AND ${KIND_TAKES}
       ORDER BY ${DELIVERY_ORDER}
       LIMIT ${Math.floor(limit)}
       SETTINGS join_use_nulls = 1`,
    );
    return pendingOf(rows);
  }

  slackMessage(eventId: string): Promise<{ channelId: string; messageTs: string } | undefined> {
    return slackMessageOf(this.store, eventId);
  }

  async record(eventId: string, target: string, outcome: DeliveryOutcome): Promise<void> {
    const [before] = await this.store.rows<{ attempts: number; first_text: string }>(
      `SELECT attempts, toString(first_attempt_at) AS first_text FROM alert_deliveries
       WHERE event_id = $eventId AND target = $target`,
      { eventId, target },
    );
    const now = utcNowText();
    await appendVersion(this.store, CLICKHOUSE_ALERT_DELIVERIES, {
      event_id: eventId,
      target,
      state: outcome.state,
      attempts: before ? Number(before.attempts) + 1 : 1,
      http_status: outcome.httpStatus,
      detail: outcome.detail,
      channel_id: outcome.channelId,
      message_ts: outcome.messageTs,
      file_id: outcome.fileId,
      first_attempt_at: before?.first_text ?? now,
      last_attempt_at: now,
    });
  }
}
