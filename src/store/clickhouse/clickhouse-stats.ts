/** `flowlens stats` on ClickHouse: the same StoreStats as DuckDB's (store/duckdb/store-stats.ts), in ClickHouse's SQL. */
import type { StoreStats } from "../duckdb/store-stats.js";
import type { ClickHouseStore } from "./clickhouse-store.js";

export async function readClickHouseStats(store: ClickHouseStore): Promise<StoreStats> {
  const [totals] = await store.rows(
    `SELECT count() AS records, sum(ifNull(bytes, 0)) AS bytes, sum(ifNull(packets, 0)) AS packets,
       uniqExact(day) AS days, if(count() = 0, NULL, toString(min(day))) AS first_day,
       if(count() = 0, NULL, toString(max(day))) AS last_day FROM flows`,
  );
  return {
    totals: totals ?? {},
    byDay: await store.rows(
      `SELECT toString(day) AS day, count() AS records, sum(bytes) AS bytes, countIf(log_status = 'NODATA') AS nodata,
         countIf(log_status = 'SKIPDATA') AS skipdata FROM flows GROUP BY day ORDER BY day`,
    ),
    byAccount: await store.rows(
      "SELECT account_id, count() AS records, sum(bytes) AS bytes FROM flows GROUP BY account_id ORDER BY account_id",
    ),
    byVpc: await store.rows(
      "SELECT vpc_id, count() AS records, sum(bytes) AS bytes FROM flows GROUP BY vpc_id ORDER BY vpc_id",
    ),
    ledger: await store.rows(
      `SELECT status, count() AS objects, sum(size) AS object_bytes, sum(row_count) AS rows,
         sum(rejected_count) AS rejected_lines FROM sources GROUP BY status ORDER BY status`,
    ),
    failedObjects: await store.rows("SELECT uri, error FROM sources WHERE status = 'failed' ORDER BY uri"),
    recentRuns: await store.rows(
      `SELECT run_id, toString(started_at) AS started_at, toString(finished_at) AS finished_at, objects_seen,
         objects_loaded, objects_skipped, objects_failed, rows_loaded, rows_rejected
       FROM ingest_runs ORDER BY run_id DESC LIMIT 5`,
    ),
    quarantine: {
      lines: Number(await store.value<number>("SELECT count() FROM rejects")),
      bySource: await store.rows(
        `SELECT s.uri AS uri, count() AS lines FROM rejects AS r ANY INNER JOIN (SELECT source_id, uri FROM sources) AS s USING (source_id)
         GROUP BY s.uri ORDER BY lines DESC, uri LIMIT 20`,
      ),
      samples: await store.rows(
        `SELECT s.uri AS uri, r.line AS line, r.reason AS reason, r.text AS text
         FROM rejects AS r ANY INNER JOIN (SELECT source_id, uri FROM sources) AS s USING (source_id)
         ORDER BY uri, line LIMIT 10`,
      ),
    },
    // flowlens serve does not load into ClickHouse yet.
    streams: [],
  };
}
