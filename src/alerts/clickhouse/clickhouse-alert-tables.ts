/**
 * The alert tables on a ClickHouse store: the same rows as DuckDB's (alert-tables.ts), kept as appended
 * versions (store/clickhouse/versioned-table.ts) and read through views of DuckDB's names. An event and a
 * silenced event are written once (`keep: "first"`, as DuckDB's ON CONFLICT DO NOTHING); a watermark and a
 * silence are replaced by a newer version, and unsilencing appends a deleted one.
 *
 * Event times are kept as the ISO 8601 text AlertEvent carries (`2026-11-30T14:00:00.000Z`, normalised on
 * write): it orders as the times do, and 18.16 would read a converted column named as its source as the
 * alias. Like the ledger and the Slack ledger, the tables live on the server the store URL names (on a
 * cluster too: they are small, and one writer appends to them), created on first use.
 */
import { literal } from "../../store/clickhouse/bind-params.js";
import {
  appendVersion,
  appendVersions,
  utcNowText,
  type VersionedTable,
  versionedTableDdl,
} from "../../store/clickhouse/versioned-table.js";
import type { Store } from "../../store/store.js";
import type { AlertEvent } from "../alert-event.js";
import type { HistoryQuery, Watermark } from "../alert-tables.js";
import { alertEventColumns, alertEventRow, readAlertEvents } from "../notify/read-alert-events.js";

const text = (name: string) => [name, "String"] as const;
const nullable = (name: string, type: string) => [name, `Nullable(${type})`] as const;

export const CLICKHOUSE_ALERT_EVENTS: VersionedTable = {
  table: "alert_event_versions",
  view: "alert_events",
  keep: "first",
  keys: [text("event_id")],
  columns: [
    ...["rule", "instance", "severity", "from_state", "to_state", "window_start", "window_end"].map(text),
    nullable("value", "Float64"),
    nullable("threshold", "Float64"),
    text("unit"),
    nullable("usd", "Float64"),
    text("message"),
    nullable("clears_event_id", "String"),
    text("series"),
    text("evaluated_at"),
  ],
};

export const CLICKHOUSE_ALERT_WATERMARKS: VersionedTable = {
  table: "alert_watermark_versions",
  view: "alert_watermarks",
  keys: [text("rule")],
  columns: [
    ["evaluated_from", "DateTime('UTC')"],
    ["evaluated_to", "DateTime('UTC')"],
    // The ledger's latest load id when judged (load ids grow with time; DuckDB keeps a time in µs).
    nullable("loaded_through", "UInt64"),
    ["updated_at", "DateTime('UTC')"],
  ],
};

export const CLICKHOUSE_ALERT_SILENCES: VersionedTable = {
  table: "alert_silence_versions",
  view: "alert_silences",
  keys: [text("rule")],
  columns: [
    ["until", "DateTime('UTC')"],
    ["created_at", "DateTime('UTC')"],
  ],
};

export const CLICKHOUSE_ALERT_SILENCED_EVENTS: VersionedTable = {
  table: "alert_silenced_event_versions",
  view: "alert_silenced_events",
  keep: "first",
  keys: [text("event_id")],
  columns: [["silenced_until", "DateTime('UTC')"]],
};

const TABLES = [
  CLICKHOUSE_ALERT_EVENTS,
  CLICKHOUSE_ALERT_WATERMARKS,
  CLICKHOUSE_ALERT_SILENCES,
  CLICKHOUSE_ALERT_SILENCED_EVENTS,
];

export async function ensureAlertTables(store: Store): Promise<void> {
  for (const table of TABLES) for (const ddl of versionedTableDdl(table)) await store.run(ddl);
}

export async function hasAlertTables(store: Store): Promise<boolean> {
  const n = await store.value<number>(
    "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'alert_events'",
  );
  return Number(n) > 0;
}

/** ISO 8601 with milliseconds, as `toISOString()` writes it. */
const isoText = (time: string | number) => new Date(time).toISOString();
/** ClickHouse's DateTime('UTC') text of epoch seconds. */
const dateTimeText = (epochSeconds: number) =>
  new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace("T", " ");
const quoted = (values: readonly string[]) => values.map(literal).join(", ");

export async function insertEvents(store: Store, events: readonly AlertEvent[]): Promise<void> {
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.eventId))];
  const recorded = await store.rows<{ event_id: string }>(
    `SELECT event_id FROM alert_events WHERE event_id IN (${quoted(ids)})`,
  );
  const skip = new Set(recorded.map((r) => r.event_id));
  const fresh = events.filter((e) => !skip.has(e.eventId) && skip.add(e.eventId));
  await appendVersions(
    store,
    CLICKHOUSE_ALERT_EVENTS,
    fresh.map((e) => ({
      ...alertEventRow(e),
      window_start: isoText(e.windowStart),
      window_end: isoText(e.windowEnd),
      evaluated_at: isoText(e.evaluatedAt),
    })),
  );
}

const COLUMNS = alertEventColumns("clickhouse");
const OLDEST_FIRST = "window_end, evaluated_at, event_id";
const LATEST_FIRST = "window_end DESC, evaluated_at DESC, event_id DESC";

/** See alert-tables.ts historySince: the same events, in the same order. */
export async function historySince(
  store: Store,
  froms: ReadonlyMap<string, number>,
): Promise<Map<string, AlertEvent[]>> {
  const out = new Map<string, AlertEvent[]>([...froms.keys()].map((rule) => [rule, []]));
  if (froms.size === 0) return out;
  const rules = [...froms.keys()];
  const fromOf = `transform(rule, [${quoted(rules)}], [${quoted(rules.map((r) => isoText((froms.get(r) as number) * 1000)))}], '')`;
  const upTo = (where: string) =>
    `SELECT ${COLUMNS} FROM alert_events WHERE rule IN (${quoted(rules)}) AND window_end <= ${fromOf}${where}
     ORDER BY rule, instance, ${LATEST_FIRST} LIMIT 1 BY rule, instance`;
  const events = await readAlertEvents(
    store,
    `SELECT * FROM (SELECT ${COLUMNS} FROM alert_events WHERE rule IN (${quoted(rules)}) AND window_end > ${fromOf})
     UNION ALL SELECT * FROM (${upTo("")})
     UNION ALL SELECT * FROM (${upTo(" AND to_state = 'ALARM'")})`,
  );
  const seen = new Set<string>();
  const order = (e: AlertEvent) => [e.rule, e.windowEnd, e.evaluatedAt, e.eventId];
  const sorted = events
    .filter((e) => !seen.has(e.eventId) && seen.add(e.eventId))
    .sort((a, b) => compareTexts(order(a), order(b)));
  for (const { row: _row, ...event } of sorted) out.get(event.rule)?.push(event);
  return out;
}

function compareTexts(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i] as string, b[i] as string];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export async function readHistory(store: Store, query: HistoryQuery): Promise<AlertEvent[]> {
  const events = await readAlertEvents(
    store,
    `SELECT ${COLUMNS} FROM alert_events
     WHERE ($rule IS NULL OR rule = $rule) AND ($since IS NULL OR window_end >= $since)
     ORDER BY ${query.newestFirst ? LATEST_FIRST : OLDEST_FIRST} LIMIT ${query.offset ?? 0}, ${query.limit ?? 1_000_000}`,
    { rule: query.rule ?? null, since: query.since === undefined ? null : isoText(query.since) },
  );
  return events.map(({ row: _row, ...event }) => event);
}

export async function countEvents(store: Store, since: string | undefined): Promise<number> {
  const n = await store.value<number>(
    "SELECT count() FROM alert_events WHERE $since IS NULL OR window_end >= $since",
    { since: since === undefined ? null : isoText(since) },
  );
  return Number(n);
}

export async function latestEvents(store: Store): Promise<AlertEvent[]> {
  const events = await readAlertEvents(
    store,
    `SELECT ${COLUMNS} FROM alert_events ORDER BY rule, instance, ${LATEST_FIRST} LIMIT 1 BY rule, instance`,
  );
  return events.map(({ row: _row, ...event }) => event);
}

export async function readWatermarks(store: Store): Promise<Map<string, Watermark>> {
  const rows = await store.rows<{ rule: string; from_s: number; to_s: number; through: number | null }>(
    `SELECT rule, toUnixTimestamp(evaluated_from) AS from_s, toUnixTimestamp(evaluated_to) AS to_s,
       loaded_through AS through FROM alert_watermarks`,
  );
  return new Map(
    rows.map((r) => [
      r.rule,
      {
        from: Number(r.from_s),
        to: Number(r.to_s),
        loadedThroughUs: r.through === null ? null : Number(r.through),
      },
    ]),
  );
}

export async function writeWatermarks(store: Store, marks: ReadonlyMap<string, Watermark>): Promise<void> {
  const now = utcNowText();
  await appendVersions(
    store,
    CLICKHOUSE_ALERT_WATERMARKS,
    [...marks].map(([rule, m]) => ({
      rule,
      evaluated_from: dateTimeText(m.from),
      evaluated_to: dateTimeText(m.to),
      loaded_through: m.loadedThroughUs === null ? null : Math.round(m.loadedThroughUs),
      updated_at: now,
    })),
  );
}

/** The ledger's latest load id, null when nothing was ever loaded. */
export async function latestLoad(store: Store): Promise<number | null> {
  const [row] = await store.rows<{ n: number; id: number }>(
    "SELECT count() AS n, max(load_id) AS id FROM sources",
  );
  return row && Number(row.n) > 0 ? Number(row.id) : null;
}

export async function earliestLoadedAfter(store: Store, loadId: number): Promise<number | null> {
  const [row] = await store.rows<{ n: number; first: number }>(
    `SELECT count() AS n, toUnixTimestamp(min(start_time)) AS first FROM flows
     WHERE start_time IS NOT NULL
       AND source_id GLOBAL IN (SELECT source_id FROM sources WHERE load_id > ${Math.round(loadId)})`,
  );
  return row && Number(row.n) > 0 ? Number(row.first) : null;
}

export async function silenceRule(store: Store, rule: string, until: number): Promise<void> {
  await appendVersion(store, CLICKHOUSE_ALERT_SILENCES, {
    rule,
    until: dateTimeText(until),
    created_at: utcNowText(),
  });
}

export async function unsilenceRule(store: Store, rule: string): Promise<boolean> {
  const [row] = await store.rows<{ until_text: string; created_text: string }>(
    "SELECT toString(until) AS until_text, toString(created_at) AS created_text FROM alert_silences WHERE rule = $rule",
    { rule },
  );
  if (!row) return false;
  await appendVersion(
    store,
    CLICKHOUSE_ALERT_SILENCES,
    { rule, until: row.until_text, created_at: row.created_text },
    { deleted: true },
  );
  return true;
}

export async function markSilenced(
  store: Store,
  events: readonly AlertEvent[],
  silences: ReadonlyMap<string, string>,
): Promise<void> {
  const rows = events.flatMap((e) => {
    const until = silences.get(e.rule);
    return until === undefined
      ? []
      : [{ event_id: e.eventId, silenced_until: dateTimeText(Date.parse(until) / 1000) }];
  });
  await appendVersions(store, CLICKHOUSE_ALERT_SILENCED_EVENTS, rows);
}

export async function activeSilences(store: Store, at: number): Promise<Map<string, string>> {
  const rows = await store.rows<{ rule: string; until_text: string }>(
    `SELECT rule, toString(until) AS until_text FROM alert_silences WHERE until > toDateTime(${Math.floor(at)}, 'UTC')`,
  );
  return new Map(rows.map((r) => [r.rule, `${r.until_text.replace(" ", "T")}Z`]));
}
