/**
 * Where alert evaluation keeps its state in the store, created on first use (not in the store's schema):
 * `alert_events` (the contract's history and outbox), `alert_watermarks` (per rule, where its first run
 * began judging, the end of the latest window judged — capture time — and the ledger's latest load it had
 * seen, so the next run knows which records arrived since) and `alert_silences` (a rule's notifications held back until a time).
 * The current state of an instance is its latest event, so there is no second copy of it to drift.
 */

import type { Severity } from "../insights/insight.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import {
  ALERT_EVENTS_DDL,
  type AlertEvent,
  type AlertPoint,
  type AlertState,
  type AlertUnit,
} from "./alert-event.js";

const DDL = [
  ALERT_EVENTS_DDL,
  `CREATE TABLE IF NOT EXISTS alert_watermarks (
  rule VARCHAR PRIMARY KEY,
  evaluated_from TIMESTAMP NOT NULL,
  evaluated_to TIMESTAMP NOT NULL,
  loaded_through_us BIGINT,
  updated_at TIMESTAMP NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS alert_silences (
  rule VARCHAR PRIMARY KEY,
  until TIMESTAMP NOT NULL,
  created_at TIMESTAMP NOT NULL
)`,
  // Events recorded while their rule was silenced: the notification outbox leaves them out.
  `CREATE TABLE IF NOT EXISTS alert_silenced_events (
  event_id VARCHAR PRIMARY KEY,
  silenced_until TIMESTAMP NOT NULL
)`,
];

export async function ensureAlertTables(store: DuckDbStore): Promise<void> {
  for (const ddl of DDL) await store.run(ddl);
}

/** Whether the store has the alert tables (a read-only store that never evaluated has none). */
export async function hasAlertTables(store: DuckDbStore): Promise<boolean> {
  return (
    (await store.value<number>(
      "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'alert_events' AND database_name <> 'temp'",
    )) > 0
  );
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
export const epochOf = (isoTime: string) => Math.round(Date.parse(isoTime) / 1000);

/** Appends events; an event id already recorded is left as it is (re-evaluation writes nothing twice). */
export async function insertEvents(store: DuckDbStore, events: readonly AlertEvent[]): Promise<void> {
  for (const e of events) {
    await store.run(
      `INSERT INTO alert_events VALUES ($event_id, $rule, $instance, $severity, $from_state, $to_state,
         CAST($window_start AS TIMESTAMPTZ)::TIMESTAMP, CAST($window_end AS TIMESTAMPTZ)::TIMESTAMP, $value, $threshold, $unit, $usd, $message,
         $clears, CAST($series AS JSON), CAST($evaluated_at AS TIMESTAMPTZ)::TIMESTAMP)
       ON CONFLICT DO NOTHING`,
      {
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
        clears: e.clearsEventId,
        series: JSON.stringify(e.series),
        evaluated_at: e.evaluatedAt,
      },
    );
  }
}

interface EventRow extends Record<string, unknown> {
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

const ISO = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${column}`;
const EVENT_COLUMNS = `event_id, rule, instance, severity, from_state, to_state, ${ISO("window_start")}, ${ISO("window_end")},
  value, threshold, unit, usd, message, clears_event_id, CAST(series AS VARCHAR) AS series, ${ISO("evaluated_at")}`;

function eventOf(row: EventRow): AlertEvent {
  return {
    eventId: row.event_id,
    rule: row.rule,
    instance: row.instance,
    severity: row.severity as Severity,
    fromState: row.from_state as AlertState,
    toState: row.to_state as AlertState,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    value: row.value,
    threshold: row.threshold,
    unit: row.unit as AlertUnit,
    usd: row.usd,
    message: row.message,
    clearsEventId: row.clears_event_id,
    series: JSON.parse(row.series) as AlertPoint[],
    evaluatedAt: row.evaluated_at,
  };
}

/** The order of history: by window, then by when it was recorded. */
const HISTORY_ORDER = "window_end, evaluated_at, event_id";

const latestFirst = HISTORY_ORDER.split(", ")
  .map((c) => `${c} DESC`)
  .join(", ");

/**
 * Per rule, its events that matter for judging windows after `from`: every event with a window ending
 * after it, and for each instance the latest event at or before it and its latest entry into ALARM. One
 * statement for every rule (names are checked by the config: lowercase letters, digits and dashes).
 */
export async function historySince(
  store: DuckDbStore,
  froms: ReadonlyMap<string, number>,
): Promise<Map<string, AlertEvent[]>> {
  const out = new Map<string, AlertEvent[]>([...froms.keys()].map((rule) => [rule, []]));
  if (froms.size === 0) return out;
  const values = [...froms]
    .map(([rule, from]) => `('${rule.replaceAll("'", "''")}', ${sqlTime(from)})`)
    .join(", ");
  const rows = await store.rows<EventRow>(
    `WITH f(rule, from_ts) AS (VALUES ${values}),
     e AS (SELECT a.*, f.from_ts FROM alert_events a JOIN f USING (rule)),
     ranked AS (
       SELECT *, row_number() OVER (PARTITION BY rule, instance ORDER BY ${latestFirst}) AS latest,
         row_number() OVER (PARTITION BY rule, instance, to_state = 'ALARM' ORDER BY ${latestFirst}) AS latest_of_kind
       FROM e WHERE window_end <= from_ts
     )
     SELECT ${EVENT_COLUMNS} FROM ranked WHERE latest = 1 OR (to_state = 'ALARM' AND latest_of_kind = 1)
     UNION ALL
     SELECT ${EVENT_COLUMNS} FROM e WHERE window_end > from_ts
     ORDER BY rule, ${HISTORY_ORDER}`,
  );
  for (const row of rows) out.get(row.rule)?.push(eventOf(row));
  return out;
}

/** One rule's history since `from` (see historySince). */
export async function ruleHistorySince(
  store: DuckDbStore,
  rule: string,
  from: number,
): Promise<AlertEvent[]> {
  return (await historySince(store, new Map([[rule, from]]))).get(rule) ?? [];
}

export interface HistoryQuery {
  /** Events recorded (evaluated) at or after this ISO time. */
  readonly since?: string;
  readonly rule?: string;
  readonly limit?: number;
}

/** Recorded events, oldest window first. */
export async function readHistory(store: DuckDbStore, query: HistoryQuery = {}): Promise<AlertEvent[]> {
  if (!(await hasAlertTables(store))) return [];
  const rows = await store.rows<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM alert_events
     WHERE ($rule IS NULL OR rule = $rule) AND ($since IS NULL OR window_end >= CAST($since AS TIMESTAMPTZ)::TIMESTAMP)
     ORDER BY ${HISTORY_ORDER} LIMIT $limit`,
    { rule: query.rule ?? null, since: query.since ?? null, limit: query.limit ?? 1_000_000 },
  );
  return rows.map(eventOf);
}

export interface InstanceState {
  readonly rule: string;
  readonly instance: string;
  readonly state: AlertState;
  /** The window end of the event that put it there. */
  readonly since: string;
  readonly value: number | null;
  readonly message: string;
}

/** The current state of every instance that has left OK at least once (its latest event). */
export async function currentStates(store: DuckDbStore): Promise<InstanceState[]> {
  if (!(await hasAlertTables(store))) return [];
  return store.rows<InstanceState & Record<string, unknown>>(
    `SELECT rule, instance, to_state AS state, strftime(window_end, '%Y-%m-%dT%H:%M:%SZ') AS since, value, message
     FROM alert_events
     QUALIFY row_number() OVER (PARTITION BY rule, instance ORDER BY ${latestFirst}) = 1
     ORDER BY rule, instance`,
  );
}

export function sqlTime(epochSeconds: number): string {
  return `TIMESTAMP '${iso(epochSeconds).replace("T", " ").replace("Z", "")}'`;
}

export interface Watermark {
  /** Where the rule's first run began judging (no window ending at or before it is ever judged). */
  readonly from: number;
  /** The end of the latest window judged. */
  readonly to: number;
  /** The ledger's latest `loaded_at` (epoch µs) when it was judged; null for an empty ledger. */
  readonly loadedThroughUs: number | null;
}

/** Per rule, its watermark (epoch seconds). */
export async function readWatermarks(store: DuckDbStore): Promise<Map<string, Watermark>> {
  const rows = await store.rows<{ rule: string; from: number; to: number; us: number | null }>(
    `SELECT rule, epoch(evaluated_from)::DOUBLE AS "from", epoch(evaluated_to)::DOUBLE AS "to",
       loaded_through_us::DOUBLE AS us FROM alert_watermarks`,
  );
  return new Map(
    rows.map((r) => [
      r.rule,
      { from: Number(r.from), to: Number(r.to), loadedThroughUs: r.us === null ? null : Number(r.us) },
    ]),
  );
}

/** Writes the rules' watermarks, in one statement. */
export async function writeWatermarks(
  store: DuckDbStore,
  marks: ReadonlyMap<string, Watermark>,
): Promise<void> {
  if (marks.size === 0) return;
  const values = [...marks]
    .map(
      ([rule, m]) =>
        `('${rule.replaceAll("'", "''")}', ${sqlTime(m.from)}, ${sqlTime(m.to)}, ${m.loadedThroughUs === null ? "NULL" : Math.round(m.loadedThroughUs)}, now()::TIMESTAMP)`,
    )
    .join(", ");
  await store.run(
    `INSERT INTO alert_watermarks VALUES ${values}
     ON CONFLICT (rule) DO UPDATE SET evaluated_to = excluded.evaluated_to,
       loaded_through_us = excluded.loaded_through_us, updated_at = excluded.updated_at`,
  );
}

/** The ledger's latest load (epoch µs of `sources.loaded_at`), null when nothing was ever loaded. */
export async function latestLoad(store: DuckDbStore): Promise<number | null> {
  const us = await store.value<number | null>("SELECT epoch_us(max(loaded_at))::DOUBLE FROM sources");
  return us === null ? null : Number(us);
}

/**
 * The earliest capture time (epoch seconds) of the records loaded after `us` (a `latestLoad`), or null
 * when none were: the earliest window new records can change.
 */
export async function earliestLoadedAfter(store: DuckDbStore, us: number): Promise<number | null> {
  const first = await store.value<number | null>(
    `SELECT epoch(min(start_time))::DOUBLE FROM flows
     WHERE source_id IN (SELECT source_id FROM sources WHERE epoch_us(loaded_at) > ${Math.round(us)})`,
  );
  return first === null ? null : Number(first);
}

/** Holds a rule's notifications back until `until` (wall clock, epoch seconds). */
export async function silenceRule(store: DuckDbStore, rule: string, until: number): Promise<void> {
  await store.run(
    `INSERT INTO alert_silences VALUES ($rule, ${sqlTime(until)}, now()::TIMESTAMP)
     ON CONFLICT (rule) DO UPDATE SET until = excluded.until, created_at = excluded.created_at`,
    { rule },
  );
}

/** Ends a silence; returns whether there was one. */
export async function unsilenceRule(store: DuckDbStore, rule: string): Promise<boolean> {
  const had = await store.value<number>("SELECT count(*) FROM alert_silences WHERE rule = $rule", { rule });
  await store.run("DELETE FROM alert_silences WHERE rule = $rule", { rule });
  return had > 0;
}

/** Marks events as recorded during their rule's silence (never notified). */
export async function markSilenced(
  store: DuckDbStore,
  events: readonly AlertEvent[],
  silences: ReadonlyMap<string, string>,
): Promise<void> {
  for (const e of events) {
    const until = silences.get(e.rule);
    if (until === undefined) continue;
    await store.run(
      "INSERT INTO alert_silenced_events VALUES ($id, CAST($until AS TIMESTAMPTZ)::TIMESTAMP) ON CONFLICT DO NOTHING",
      { id: e.eventId, until },
    );
  }
}

/** Rules silenced at `at` (wall clock, epoch seconds), with the ISO time each silence ends. */
export async function activeSilences(store: DuckDbStore, at: number): Promise<Map<string, string>> {
  if (!(await hasAlertTables(store))) return new Map();
  const rows = await store.rows<{ rule: string; until: string }>(
    `SELECT rule, strftime(until, '%Y-%m-%dT%H:%M:%SZ') AS until FROM alert_silences WHERE until > ${sqlTime(at)}`,
  );
  return new Map(rows.map((r) => [r.rule, r.until]));
}
