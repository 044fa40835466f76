/**
 * `alert_events` rows as AlertEvents: times as ISO 8601 UTC with milliseconds (as evaluation writes them,
 * `toISOString()`), the series parsed. One projection per dialect and one reader for every reader (the
 * alert tables, the outbox, the dashboard), so the columns are named in one place. ClickHouse keeps the
 * times as that text already (clickhouse/clickhouse-alert-tables.ts), so its projection is the columns.
 */
import type { DialectName, SqlParams, Store } from "../../store/store.js";
import type { AlertEvent, AlertPoint } from "../alert-event.js";

const iso = (column: string) => `strftime(e.${column}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${column}`;

const COLUMNS = [
  ...["event_id", "rule", "instance", "severity", "from_state", "to_state", "window_start", "window_end"],
  ...["value", "threshold", "unit", "usd", "message", "clears_event_id", "series", "evaluated_at"],
];
const DUCKDB_TEXT: Record<string, string> = {
  window_start: iso("window_start"),
  window_end: iso("window_end"),
  evaluated_at: iso("evaluated_at"),
  series: "CAST(e.series AS VARCHAR) AS series",
};

/**
 * The columns of an AlertEvent in the store's dialect, for `SELECT ${alertEventColumns(store)} FROM
 * alert_events e` (ClickHouse: `FROM alert_events`, whose names it would read as the aliases).
 */
export function alertEventColumns(dialect: DialectName): string {
  return dialect === "clickhouse"
    ? COLUMNS.join(", ")
    : COLUMNS.map((c) => DUCKDB_TEXT[c] ?? `e.${c}`).join(", ");
}

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
    value: row.value === null ? null : Number(row.value),
    threshold: row.threshold === null ? null : Number(row.threshold),
    unit: row.unit as AlertEvent["unit"],
    usd: row.usd === null ? null : Number(row.usd),
    message: row.message,
    clearsEventId: row.clears_event_id,
    series: seriesOf(row.series),
    evaluatedAt: row.evaluated_at,
  };
}

/** The row an AlertEvent is written as (the inverse of alertEventOf): times as given, the series as JSON. */
export function alertEventRow(e: AlertEvent): Record<string, string | number | null> {
  return {
    event_id: e.eventId,
    rule: e.rule,
    instance: e.instance,
    severity: e.severity,
    from_state: e.fromState,
    to_state: e.toState,
    window_start: e.windowStart,
    window_end: e.windowEnd,
    value: e.value,
    threshold: e.threshold,
    unit: e.unit,
    usd: e.usd,
    message: e.message,
    clears_event_id: e.clearsEventId,
    series: JSON.stringify(e.series),
    evaluated_at: e.evaluatedAt,
  };
}

function seriesOf(json: string): AlertPoint[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as AlertPoint[]) : [];
}

/** Events by a query over `alert_events` that selects alertEventColumns (and maybe more). */
export async function readAlertEvents<T extends AlertEventRow>(
  store: Store,
  sql: string,
  params?: SqlParams,
): Promise<(AlertEvent & { readonly row: T })[]> {
  const rows = await store.rows<T>(sql, params);
  return rows.map((row) => ({ ...alertEventOf(row), row }));
}
