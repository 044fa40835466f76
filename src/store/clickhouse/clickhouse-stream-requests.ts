/**
 * The record of streamed deliveries on a ClickHouse store (DuckDB's is duckdb/stream-requests.ts):
 * `stream_requests` holds one row per request key, as appended versions (versioned-table.ts; a request
 * recorded twice is the same row), `stream_duplicates` the retries answered. Lists (log groups, ledger
 * URIs) are kept as JSON text. A request's refused records go to the quarantine (`reject_records`) under
 * the current load of its first object, once; the request's row is written last, so a loader stopped in
 * between writes the rest next time and nothing twice. The tables live on the server the URL names and are
 * created on first use.
 */
import type { DeliveredRequest, DuplicateSeen } from "../duckdb/stream-requests.js";
import type { Store } from "../store.js";
import { appendVersion, utcNowText, type VersionedTable, versionedTableDdl } from "./versioned-table.js";

export const CLICKHOUSE_STREAM_REQUESTS: VersionedTable = {
  table: "stream_requests_versions",
  view: "stream_requests",
  keys: [["request_key", "String"]],
  columns: [
    ["request_id", "String"],
    ["endpoint", "String"],
    ["delivery_stream", "Nullable(String)"],
    ["source_arn", "Nullable(String)"],
    ["common_attributes", "Nullable(String)"],
    ["log_groups", "String"],
    ["received_at_ms", "Int64"],
    ["records", "Int32"],
    ["control_messages", "Int32"],
    ["flow_lines", "Int64"],
    ["rejected", "Int32"],
    ["uris", "String"],
    ["loaded_at", "DateTime('UTC')"],
  ],
};

const DUPLICATES_DDL = `CREATE TABLE IF NOT EXISTS stream_duplicates (request_key String,
  delivery_stream Nullable(String), seen_at_ms Int64) ENGINE = MergeTree() ORDER BY seen_at_ms`;

async function ensureTables(store: Store): Promise<void> {
  for (const ddl of versionedTableDdl(CLICKHOUSE_STREAM_REQUESTS)) await store.run(ddl);
  await store.run(DUPLICATES_DDL);
}

export async function recordClickHouseDeliveries(
  store: Store,
  requests: readonly DeliveredRequest[],
  duplicates: readonly DuplicateSeen[],
): Promise<void> {
  await ensureTables(store);
  for (const r of requests) {
    if (r.refused.length > 0) await quarantineRefused(store, r);
    await appendVersion(store, CLICKHOUSE_STREAM_REQUESTS, {
      request_key: r.key,
      request_id: r.requestId,
      endpoint: r.endpoint,
      delivery_stream: r.deliveryStream,
      source_arn: r.sourceArn,
      common_attributes: r.commonAttributes === null ? null : JSON.stringify(r.commonAttributes),
      log_groups: JSON.stringify(r.logGroups),
      received_at_ms: r.receivedAt,
      records: r.records,
      control_messages: r.controlMessages,
      flow_lines: r.flowLines,
      rejected: r.refused.length,
      uris: JSON.stringify(r.uris),
      loaded_at: utcNowText(),
    });
  }
  for (const d of duplicates) {
    await store.run("INSERT INTO stream_duplicates VALUES ($key, $stream, $at)", {
      key: d.key,
      stream: d.deliveryStream,
      at: d.at,
    });
  }
}

/** Refused records have no line of their own: kept with line NULL, their place in the reason. */
async function quarantineRefused(store: Store, r: DeliveredRequest): Promise<void> {
  const [source] = await store.rows<{ source_id: number; load_id: number }>(
    "SELECT source_id, load_id FROM sources WHERE uri = $uri",
    { uri: r.uris[0] ?? "" },
  );
  if (!source) return;
  const already = await store.value<number>(
    "SELECT count() FROM reject_records WHERE source_id = $id AND load_id = $load AND line IS NULL",
    { id: source.source_id, load: source.load_id },
  );
  if (Number(already) > 0) return;
  const values = r.refused.map((_, i) => `($id, NULL, $reason${i}, $text${i}, $load)`);
  const params: Record<string, string | number> = { id: source.source_id, load: source.load_id };
  r.refused.forEach((refused, i) => {
    params[`reason${i}`] = `record ${refused.record} of the request: ${refused.reason}`;
    params[`text${i}`] = refused.text;
  });
  // One INSERT: all of the request's refused records or none.
  await store.run(
    `INSERT INTO reject_records (source_id, line, reason, text, load_id) VALUES ${values.join(", ")}`,
    params,
  );
}

export async function recentClickHouseRequestKeys(
  store: Store,
  sinceMs: number,
): Promise<{ key: string; receivedAt: number }[]> {
  const exists = await store.value<number>(
    "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'stream_requests'",
  );
  if (Number(exists) === 0) return [];
  return store.rows<{ key: string; receivedAt: number }>(
    `SELECT request_key AS key, received_at_ms AS receivedAt FROM stream_requests WHERE received_at_ms >= $since`,
    { since: sinceMs },
  );
}
