/**
 * The store's record of streamed deliveries (`stream_requests`, `stream_duplicates`): which requests are in
 * the store, so that a retry of one is answered without storing it again, and what `flowlens stats` shows
 * per delivery stream. Written by the spool loader after the requests' objects are loaded; writing the
 * same requests again changes nothing, so a loader stopped in between simply writes them next time.
 * On a ClickHouse store the writer and the request keys' reader go to clickhouse-stream-requests.ts.
 */
import type { Store } from "../store.js";
import type { DuckDbStore } from "./duckdb-store.js";

/** A record a server could not read (bad base64, a broken gzip payload): quarantined with its reason. */
export interface RefusedRecord {
  /** 1-based position of the record in its request. */
  readonly record: number;
  readonly reason: string;
  /** The start of what was received. */
  readonly text: string;
}

export interface DeliveredRequest {
  /** What a retry repeats: `firehose:<request id>`, or `awslogs:<hash of the payload>`. */
  readonly key: string;
  readonly requestId: string;
  readonly endpoint: string;
  readonly deliveryStream: string | null;
  readonly sourceArn: string | null;
  readonly commonAttributes: Readonly<Record<string, string>> | null;
  readonly logGroups: readonly string[];
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
  readonly records: number;
  readonly controlMessages: number;
  readonly flowLines: number;
  /** Ledger URIs of the request's objects; the first one holds its refused records' quarantine rows. */
  readonly uris: readonly string[];
  readonly refused: readonly RefusedRecord[];
}

export interface DuplicateSeen {
  readonly key: string;
  readonly deliveryStream: string | null;
  readonly at: number;
}

/** Records delivered requests (once each), their refused records, and the retries answered since. */
export async function recordDeliveries(
  anyStore: Store,
  requests: readonly DeliveredRequest[],
  duplicates: readonly DuplicateSeen[],
): Promise<void> {
  if (anyStore.dialect.name === "clickhouse") {
    const { recordClickHouseDeliveries } = await import("../clickhouse/clickhouse-stream-requests.js");
    return recordClickHouseDeliveries(anyStore, requests, duplicates);
  }
  const store = anyStore as DuckDbStore;
  await store.transaction(async () => {
    for (const r of requests) {
      await store.run(
        `INSERT INTO stream_requests VALUES ($key, $requestId, $endpoint, $stream, $arn, $attributes::JSON,
           from_json($logGroups, '["VARCHAR"]'), epoch_ms($receivedAt::BIGINT), $records, $control, $lines, $refused,
           from_json($uris, '["VARCHAR"]'), now()::TIMESTAMP)
         ON CONFLICT (request_key) DO NOTHING`,
        {
          key: r.key,
          requestId: r.requestId,
          endpoint: r.endpoint,
          stream: r.deliveryStream,
          arn: r.sourceArn,
          attributes: r.commonAttributes === null ? null : JSON.stringify(r.commonAttributes),
          receivedAt: r.receivedAt,
          records: r.records,
          control: r.controlMessages,
          lines: r.flowLines,
          refused: r.refused.length,
          // Lists go as bound JSON text: their values come from what the sender wrote.
          logGroups: JSON.stringify(r.logGroups),
          uris: JSON.stringify(r.uris),
        },
      );
      if (r.refused.length === 0) continue;
      const sourceId = await store.value<number>("SELECT source_id FROM sources WHERE uri = $uri", {
        uri: r.uris[0] ?? "",
      });
      // Refused records have no line of their own: they are kept with line NULL, their place in the reason.
      await store.run("DELETE FROM rejects WHERE source_id = $id AND line IS NULL", { id: sourceId });
      for (const refused of r.refused) {
        await store.run("INSERT INTO rejects VALUES ($id, NULL, $reason, $text)", {
          id: sourceId,
          reason: `record ${refused.record} of the request: ${refused.reason}`,
          text: refused.text,
        });
      }
      await store.run(
        "UPDATE sources SET rejected_count = (SELECT count(*) FROM rejects WHERE source_id = $id) WHERE source_id = $id",
        { id: sourceId },
      );
    }
    for (const d of duplicates) {
      await store.run("INSERT INTO stream_duplicates VALUES ($key, $stream, epoch_ms($at::BIGINT))", {
        key: d.key,
        stream: d.deliveryStream,
        at: d.at,
      });
    }
  });
}

/** Keys of the requests received since `sinceMs`, with when: what a retry must be recognised by. */
export async function recentRequestKeys(
  store: Store,
  sinceMs: number,
): Promise<{ key: string; receivedAt: number }[]> {
  if (store.dialect.name === "clickhouse") {
    const { recentClickHouseRequestKeys } = await import("../clickhouse/clickhouse-stream-requests.js");
    return recentClickHouseRequestKeys(store, sinceMs);
  }
  return store.rows<{ key: string; receivedAt: number }>(
    `SELECT request_key AS key, epoch_ms(received_at) AS "receivedAt" FROM stream_requests
     WHERE received_at >= epoch_ms($since::BIGINT)`,
    { since: sinceMs },
  );
}

export type StreamStats = {
  readonly deliveryStream: string;
  readonly endpoint: string;
  readonly requests: number;
  readonly records: number;
  readonly controlMessages: number;
  readonly flowRecords: number;
  /** Records the server could not read plus lines the load quarantined. */
  readonly rejected: number;
  readonly duplicatesSkipped: number;
  readonly lastRequestAt: string;
};

/** The streaming side per delivery stream (or log group, for forwarded CloudWatch payloads). */
export async function readStreamStats(store: DuckDbStore): Promise<StreamStats[]> {
  const exists = await store.value<number>(
    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stream_requests' AND database_name <> 'temp'",
  );
  if (!exists) return [];
  return store.rows<StreamStats>(
    `WITH requests AS (
       SELECT coalesce(delivery_stream, log_groups[1], '-') AS stream, endpoint, request_key, records,
              control_messages, rejected, received_at, uris
       FROM stream_requests),
     objects AS (
       SELECT r.stream, sum(s.row_count) AS flow_records, sum(s.rejected_count) AS rejected
       FROM (SELECT stream, unnest(uris) AS uri FROM requests) r JOIN sources s USING (uri)
       GROUP BY r.stream),
     duplicates AS (
       SELECT coalesce(delivery_stream, '-') AS stream, count(*) AS n FROM stream_duplicates GROUP BY ALL)
     SELECT q.stream AS "deliveryStream", any_value(q.endpoint) AS endpoint, count(*)::INTEGER AS requests,
            sum(q.records)::BIGINT AS records, sum(q.control_messages)::BIGINT AS "controlMessages",
            coalesce(any_value(o.flow_records), 0)::BIGINT AS "flowRecords",
            coalesce(any_value(o.rejected), 0)::BIGINT AS rejected,
            coalesce(any_value(d.n), 0)::BIGINT AS "duplicatesSkipped",
            strftime(max(q.received_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS "lastRequestAt"
     FROM requests q LEFT JOIN objects o USING (stream) LEFT JOIN duplicates d USING (stream)
     GROUP BY q.stream ORDER BY q.stream`,
  );
}
