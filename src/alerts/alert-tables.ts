/**
 * Where alert evaluation keeps its state in the store, created on first use (not in the store's schema):
 * `alert_events` (the contract's history and outbox), `alert_watermarks` (per rule, where its first run
 * began judging, the end of the latest window judged — capture time — and the ledger's latest load it had
 * seen, so the next run knows which records arrived since) and `alert_silences` (a rule's notifications held back until a time).
 * The current state of an instance is its latest event, so there is no second copy of it to drift.
 *
 * Every function takes any Store: DuckDB's tables are below; a ClickHouse store keeps the same rows as
 * appended versions (clickhouse/clickhouse-alert-tables.ts), each function handing over to its namesake.
 */

import type { Store } from "../store/store.js";
import { ALERT_EVENTS_DDL, type AlertEvent, type AlertState } from "./alert-event.js";
import * as onClickHouse from "./clickhouse/clickhouse-alert-tables.js";
import { alertEventColumns, alertEventRow, readAlertEvents } from "./notify/read-alert-events.js";

const clickHouse = (store: Store) => store.dialect.name === "clickhouse";

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

export async function ensureAlertTables(store: Store): Promise<void> {
  if (clickHouse(store)) return onClickHouse.ensureAlertTables(store);
  for (const ddl of DDL) await store.run(ddl);
}

/** Whether the store has the alert tables (a read-only store that never evaluated has none). */
export async function hasAlertTables(store: Store): Promise<boolean> {
  if (clickHouse(store)) return onClickHouse.hasAlertTables(store);
  return (
    (await store.value<number>(
      "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'alert_events' AND database_name <> 'temp'",
    )) > 0
  );
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
export const epochOf = (isoTime: string) => Math.round(Date.parse(isoTime) / 1000);

/** Appends events; an event id already recorded is left as it is (re-evaluation writes nothing twice). */
export async function insertEvents(store: Store, events: readonly AlertEvent[]): Promise<void> {
  if (clickHouse(store)) return onClickHouse.insertEvents(store, events);
  for (const e of events) {
    await store.run(
      `INSERT INTO alert_events VALUES ($event_id, $rule, $instance, $severity, $from_state, $to_state,
         CAST($window_start AS TIMESTAMPTZ)::TIMESTAMP, CAST($window_end AS TIMESTAMPTZ)::TIMESTAMP, $value, $threshold, $unit, $usd, $message,
         $clears_event_id, CAST($series AS JSON), CAST($evaluated_at AS TIMESTAMPTZ)::TIMESTAMP)
       ON CONFLICT DO NOTHING`,
      alertEventRow(e),
    );
  }
}

const EVENT_COLUMNS = alertEventColumns("duckdb");

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
  store: Store,
  froms: ReadonlyMap<string, number>,
): Promise<Map<string, AlertEvent[]>> {
  if (clickHouse(store)) return onClickHouse.historySince(store, froms);
  const out = new Map<string, AlertEvent[]>([...froms.keys()].map((rule) => [rule, []]));
  if (froms.size === 0) return out;
  const values = [...froms]
    .map(([rule, from]) => `('${rule.replaceAll("'", "''")}', ${sqlTime(from)})`)
    .join(", ");
  const events = await readAlertEvents(
    store,
    `WITH f(rule, from_ts) AS (VALUES ${values}),
     e AS (SELECT a.*, f.from_ts FROM alert_events a JOIN f USING (rule)),
     ranked AS (
       SELECT *, row_number() OVER (PARTITION BY rule, instance ORDER BY ${latestFirst}) AS latest,
         row_number() OVER (PARTITION BY rule, instance, to_state = 'ALARM' ORDER BY ${latestFirst}) AS latest_of_kind
       FROM e WHERE window_end <= from_ts
     )
     SELECT ${EVENT_COLUMNS} FROM ranked e WHERE latest = 1 OR (to_state = 'ALARM' AND latest_of_kind = 1)
     UNION ALL
     SELECT ${EVENT_COLUMNS} FROM e WHERE window_end > from_ts
     ORDER BY rule, ${HISTORY_ORDER}`,
  );
  for (const { row: _row, ...event } of events) out.get(event.rule)?.push(event);
  return out;
}

/** One rule's history since `from` (see historySince). */
export async function ruleHistorySince(store: Store, rule: string, from: number): Promise<AlertEvent[]> {
  return (await historySince(store, new Map([[rule, from]]))).get(rule) ?? [];
}

export interface HistoryQuery {
  /** Events whose window ended at or after this ISO time. */
  readonly since?: string;
  readonly rule?: string;
  readonly limit?: number;
  /** Events left out before the first one returned. @default 0 */
  readonly offset?: number;
  /** The latest window first (the exact reverse of history order). @default false */
  readonly newestFirst?: boolean;
}

/** Recorded events, oldest window first (or newest first). */
export async function readHistory(store: Store, query: HistoryQuery = {}): Promise<AlertEvent[]> {
  if (!(await hasAlertTables(store))) return [];
  if (clickHouse(store)) return onClickHouse.readHistory(store, query);
  const events = await readAlertEvents(
    store,
    `SELECT ${EVENT_COLUMNS} FROM alert_events e
     WHERE ($rule IS NULL OR rule = $rule) AND ($since IS NULL OR window_end >= CAST($since AS TIMESTAMPTZ)::TIMESTAMP)
     ORDER BY ${query.newestFirst ? latestFirst : HISTORY_ORDER} LIMIT $limit OFFSET $offset`,
    {
      rule: query.rule ?? null,
      since: query.since ?? null,
      limit: query.limit ?? 1_000_000,
      offset: query.offset ?? 0,
    },
  );
  return events.map(({ row: _row, ...event }) => event);
}

/** How many events have a window that ended at or after `since` (an ISO time; every event without it). */
export async function countEvents(store: Store, since?: string): Promise<number> {
  if (!(await hasAlertTables(store))) return 0;
  if (clickHouse(store)) return onClickHouse.countEvents(store, since);
  return store.value<number>(
    "SELECT count(*)::INTEGER FROM alert_events WHERE $since IS NULL OR window_end >= CAST($since AS TIMESTAMPTZ)::TIMESTAMP",
    { since: since ?? null },
  );
}

/** Each rule × instance's latest event (by window, then by when it was recorded): its current state. */
export async function latestEvents(store: Store): Promise<AlertEvent[]> {
  if (!(await hasAlertTables(store))) return [];
  if (clickHouse(store)) return onClickHouse.latestEvents(store);
  const events = await readAlertEvents(
    store,
    `SELECT ${EVENT_COLUMNS} FROM alert_events e
     QUALIFY row_number() OVER (PARTITION BY rule, instance ORDER BY ${latestFirst}) = 1`,
  );
  return events.map(({ row: _row, ...event }) => event);
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
export async function currentStates(store: Store): Promise<InstanceState[]> {
  const latest = await latestEvents(store);
  return latest
    .map((e) => ({
      rule: e.rule,
      instance: e.instance,
      state: e.toState,
      since: e.windowEnd.replace(/\.\d{3}Z$/, "Z"),
      value: e.value,
      message: e.message,
    }))
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.instance < b.instance ? -1 : 1));
}

function sqlTime(epochSeconds: number): string {
  return `TIMESTAMP '${iso(epochSeconds).replace("T", " ").replace("Z", "")}'`;
}

export interface Watermark {
  /** Where the rule's first run began judging (no window ending at or before it is ever judged). */
  readonly from: number;
  /** The end of the latest window judged. */
  readonly to: number;
  /**
   * The ledger's latest load when it was judged (DuckDB: `loaded_at` in epoch µs; ClickHouse: the load id,
   * which grows with time); null for an empty ledger.
   */
  readonly loadedThroughUs: number | null;
}

/** Per rule, its watermark (epoch seconds). */
export async function readWatermarks(store: Store): Promise<Map<string, Watermark>> {
  if (clickHouse(store)) return onClickHouse.readWatermarks(store);
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
export async function writeWatermarks(store: Store, marks: ReadonlyMap<string, Watermark>): Promise<void> {
  if (marks.size === 0) return;
  if (clickHouse(store)) return onClickHouse.writeWatermarks(store, marks);
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

/** The ledger's latest load (a Watermark's `loadedThroughUs`), null when nothing was ever loaded. */
export async function latestLoad(store: Store): Promise<number | null> {
  if (clickHouse(store)) return onClickHouse.latestLoad(store);
  const us = await store.value<number | null>("SELECT epoch_us(max(loaded_at))::DOUBLE FROM sources");
  return us === null ? null : Number(us);
}

/**
 * For each of `marks` (a `latestLoad`), the earliest capture time (epoch seconds) of the records loaded
 * after it, or null when none were: the earliest window new records can change. One statement for all.
 */
export async function earliestLoadedAfter(
  store: Store,
  marks: readonly number[],
): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  if (marks.length === 0) return out;
  if (clickHouse(store)) {
    for (const us of marks) out.set(us, await onClickHouse.earliestLoadedAfter(store, us));
    return out;
  }
  // Per load time after the earliest mark, its records' earliest start; each mark takes the loads after it.
  const rows = await store.rows<{ us: number; first: number | null }>(
    `SELECT epoch_us(s.loaded_at)::DOUBLE AS us, epoch(min(f.start_time))::DOUBLE AS first
     FROM flows f JOIN sources s USING (source_id)
     WHERE epoch_us(s.loaded_at) > ${Math.round(Math.min(...marks))}
     GROUP BY s.loaded_at`,
  );
  for (const us of marks) {
    const firsts = rows
      .filter((r) => Number(r.us) > Math.round(us) && r.first !== null)
      .map((r) => Number(r.first));
    out.set(us, firsts.length > 0 ? Math.min(...firsts) : null);
  }
  return out;
}

/** Holds a rule's notifications back until `until` (wall clock, epoch seconds). */
export async function silenceRule(store: Store, rule: string, until: number): Promise<void> {
  if (clickHouse(store)) return onClickHouse.silenceRule(store, rule, until);
  await store.run(
    `INSERT INTO alert_silences VALUES ($rule, ${sqlTime(until)}, now()::TIMESTAMP)
     ON CONFLICT (rule) DO UPDATE SET until = excluded.until, created_at = excluded.created_at`,
    { rule },
  );
}

/** Ends a silence; returns whether there was one. */
export async function unsilenceRule(store: Store, rule: string): Promise<boolean> {
  if (clickHouse(store)) return onClickHouse.unsilenceRule(store, rule);
  const had = await store.value<number>("SELECT count(*) FROM alert_silences WHERE rule = $rule", { rule });
  await store.run("DELETE FROM alert_silences WHERE rule = $rule", { rule });
  return had > 0;
}

/** Marks events as recorded during their rule's silence (never notified). */
export async function markSilenced(
  store: Store,
  events: readonly AlertEvent[],
  silences: ReadonlyMap<string, string>,
): Promise<void> {
  if (clickHouse(store)) return onClickHouse.markSilenced(store, events, silences);
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
export async function activeSilences(store: Store, at: number): Promise<Map<string, string>> {
  if (!(await hasAlertTables(store))) return new Map();
  if (clickHouse(store)) return onClickHouse.activeSilences(store, at);
  const rows = await store.rows<{ rule: string; until: string }>(
    `SELECT rule, strftime(until, '%Y-%m-%dT%H:%M:%SZ') AS until FROM alert_silences WHERE until > ${sqlTime(at)}`,
  );
  return new Map(rows.map((r) => [r.rule, r.until]));
}
