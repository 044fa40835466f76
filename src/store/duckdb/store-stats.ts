/**
 * What the store holds: rows per day, account and VPC; the ledger by status with its failed objects; the
 * latest ingest runs; the quarantine of malformed lines; and what `flowlens serve` received per stream.
 */
import type { DuckDbStore, JsonRow } from "./duckdb-store.js";
import { readStreamStats, type StreamStats } from "./stream-requests.js";

export interface StoreStats {
  readonly totals: JsonRow;
  readonly byDay: JsonRow[];
  readonly byAccount: JsonRow[];
  readonly byVpc: JsonRow[];
  readonly ledger: JsonRow[];
  readonly failedObjects: JsonRow[];
  readonly recentRuns: JsonRow[];
  readonly quarantine: { readonly lines: number; readonly bySource: JsonRow[]; readonly samples: JsonRow[] };
  readonly streams: StreamStats[];
}

export async function readStoreStats(store: DuckDbStore): Promise<StoreStats> {
  const [totals] = await store.rows(
    `SELECT count(*) AS records, coalesce(sum(bytes), 0) AS bytes, coalesce(sum(packets), 0) AS packets,
       count(DISTINCT day) AS days, min(day) AS first_day, max(day) AS last_day FROM flows`,
  );
  return {
    totals: totals ?? {},
    byDay: await store.rows(
      `SELECT day, count(*) AS records, sum(bytes) AS bytes, count(*) FILTER (log_status = 'NODATA') AS nodata,
         count(*) FILTER (log_status = 'SKIPDATA') AS skipdata FROM flows GROUP BY day ORDER BY day`,
    ),
    byAccount: await store.rows(
      `SELECT account_id, count(*) AS records, sum(bytes) AS bytes FROM flows GROUP BY account_id ORDER BY account_id`,
    ),
    byVpc: await store.rows(
      `SELECT vpc_id, count(*) AS records, sum(bytes) AS bytes FROM flows GROUP BY vpc_id ORDER BY vpc_id`,
    ),
    ledger: await store.rows(
      `SELECT status, count(*) AS objects, sum(size) AS object_bytes, sum(row_count) AS rows,
         sum(rejected_count) AS rejected_lines FROM sources GROUP BY status ORDER BY status`,
    ),
    failedObjects: await store.rows(`SELECT uri, error FROM sources WHERE status = 'failed' ORDER BY uri`),
    recentRuns: await store.rows(
      `SELECT run_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started_at,
         strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finished_at, objects_seen, objects_loaded, objects_skipped, objects_failed,
         rows_loaded, rows_rejected FROM ingest_runs ORDER BY run_id DESC LIMIT 5`,
    ),
    quarantine: {
      lines: await store.value<number>("SELECT count(*) FROM rejects"),
      bySource: await store.rows(
        `SELECT s.uri, count(*) AS lines FROM rejects r JOIN sources s USING (source_id)
         GROUP BY s.uri ORDER BY lines DESC, s.uri LIMIT 20`,
      ),
      samples: await store.rows(
        `SELECT s.uri, r.line, r.reason, r.text FROM rejects r JOIN sources s USING (source_id)
         ORDER BY s.uri, r.line LIMIT 10`,
      ),
    },
    streams: await readStreamStats(store),
  };
}
