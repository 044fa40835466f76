/**
 * `alert_events` rows as AlertEvents: times as ISO 8601 UTC, the series parsed. One projection for every
 * reader (the outbox, the dashboard), so the columns are named in one place.
 */
import type { DuckDbStore, SqlParams } from "../../store/duckdb/duckdb-store.js";
import type { AlertEvent, AlertPoint } from "../alert-event.js";

const iso = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%SZ')`;

/** The columns of an AlertEvent, for `SELECT ${ALERT_EVENT_COLUMNS} FROM alert_events e`. */
export const ALERT_EVENT_COLUMNS = `e.event_id, e.rule, e.instance, e.severity, e.from_state, e.to_state,
  ${iso("e.window_start")} AS window_start, ${iso("e.window_end")} AS window_end, e.value, e.threshold,
  e.unit, e.usd, e.message, e.clears_event_id, CAST(e.series AS VARCHAR) AS series,
  ${iso("e.evaluated_at")} AS evaluated_at`;

export interface AlertEventRow {
  readonly [column: string]: unknown;
  event_id: string;
  rule: string;
  instance: string;
  severity: string;
  from_state: string;
  to_state: string;
  window_start: string;
  window_end: string;
  value: number | null;
  threshold: number | null;
  unit: string;
  usd: number | null;
  message: string;
  clears_event_id: string | null;
  series: string;
  evaluated_at: string;
}

export function alertEventOf(row: AlertEventRow): AlertEvent {
  return {
    eventId: row.event_id,
    rule: row.rule,
    instance: row.instance,
    severity: row.severity as AlertEvent["severity"],
    fromState: row.from_state as AlertEvent["fromState"],
    toState: row.to_state as AlertEvent["toState"],
    windowStart: row.window_start,
    windowEnd: row.window_end,
    value: row.value,
    threshold: row.threshold,
    unit: row.unit as AlertEvent["unit"],
    usd: row.usd,
    message: row.message,
    clearsEventId: row.clears_event_id,
    series: seriesOf(row.series),
    evaluatedAt: row.evaluated_at,
  };
}

function seriesOf(json: string): AlertPoint[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as AlertPoint[]) : [];
}

/** Events by a query over `alert_events e` that selects ALERT_EVENT_COLUMNS (and maybe more). */
export async function readAlertEvents<T extends AlertEventRow>(
  store: DuckDbStore,
  sql: string,
  params?: SqlParams,
): Promise<(AlertEvent & { readonly row: T })[]> {
  const rows = await store.rows<T>(sql, params);
  return rows.map((row) => ({ ...alertEventOf(row), row }));
}
