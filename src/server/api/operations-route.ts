/**
 * `GET /api/operations`: how the pipeline is doing — the ledger by status with every failed object and its
 * error sentence, the quarantine with reasons, what `flowlens serve` received per delivery stream, the
 * latest ingest runs, the daily job's recent runs and its Slack deliveries — read from the store
 * (store-stats.ts), plus the spool's own state.
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { readClickHouseStats } from "../../store/clickhouse/clickhouse-stats.js";
import type { ClickHouseStore } from "../../store/clickhouse/clickhouse-store.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import { readStoreStats } from "../../store/duckdb/store-stats.js";
import type { Store } from "../../store/store.js";
import { tableExists } from "../../store/table-exists.js";
import { parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";

/** How many of the latest daily runs and deliveries are listed. */
const RECENT = 30;

const query = z.object({}).strict();

/** ISO 8601 UTC text of a ClickHouse DateTime('UTC') column that may be NULL. */
const clickHouseIso = (column: string) =>
  `if(isNull(${column}), NULL, concat(replaceOne(toString(assumeNotNull(${column})), ' ', 'T'), 'Z'))`;

/** The operations' SQL in each dialect. */
const SQL = {
  duckdb: {
    reasons: `SELECT reason, count(*)::BIGINT AS lines FROM rejects GROUP BY reason ORDER BY lines DESC, reason LIMIT 50`,
    dailyRuns: `SELECT CAST(day AS VARCHAR) AS day, strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS "startedAt",
           strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS "finishedAt", exit_code AS "exitCode", trigger
         FROM daily_runs ORDER BY day DESC LIMIT ${RECENT}`,
    slackDeliveries: `SELECT CAST(period_from AS VARCHAR) AS "from", CAST(period_to AS VARCHAR) AS "to", channel,
           strftime(posted_at, '%Y-%m-%dT%H:%M:%SZ') AS "postedAt", strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS "updatedAt"
         FROM slack_deliveries ORDER BY updated_at DESC LIMIT ${RECENT}`,
  },
  clickhouse: {
    reasons: `SELECT reason, count() AS lines FROM rejects GROUP BY reason ORDER BY lines DESC, reason LIMIT 50`,
    dailyRuns: `SELECT toString(day) AS day, ${clickHouseIso("started_at")} AS startedAt,
           ${clickHouseIso("finished_at")} AS finishedAt, exit_code AS exitCode, trigger
         FROM daily_runs ORDER BY day DESC LIMIT ${RECENT}`,
    slackDeliveries: `SELECT toString(period_from) AS from, toString(period_to) AS to, channel,
           ${clickHouseIso("posted_at")} AS postedAt, ${clickHouseIso("updated_at")} AS updatedAt
         FROM slack_deliveries ORDER BY updated_at DESC LIMIT ${RECENT}`,
  },
} as const;

async function readOperations(store: Store) {
  const sql = SQL[store.dialect.name];
  const stats =
    store.dialect.name === "clickhouse"
      ? await readClickHouseStats(store as ClickHouseStore)
      : await readStoreStats(store as DuckDbStore);
  const quarantineReasons = await store.rows(sql.reasons);
  const dailyRuns = (await tableExists(store, "daily_runs")) ? await store.rows(sql.dailyRuns) : [];
  const slackDeliveries = (await tableExists(store, "slack_deliveries"))
    ? await store.rows(sql.slackDeliveries)
    : [];
  return {
    ledger: stats.ledger,
    failedObjects: stats.failedObjects,
    quarantine: { ...stats.quarantine, reasons: quarantineReasons },
    streams: stats.streams,
    ingestRuns: stats.recentRuns,
    dailyRuns,
    slackDeliveries,
  };
}

export interface SpoolState {
  readonly waitingRequests: number;
  readonly waitingBytes: number;
  readonly lastLoadAt: string | null;
  readonly lastError: string | null;
}

export function registerOperationsRoute(
  api: FastifyInstance,
  store: ApiStore,
  spool: () => SpoolState,
): void {
  api.get("/operations", async (request) => {
    parseInput(query, request.query, "query parameter");
    const operations = await store.reading(readOperations);
    return { ...operations, spool: spool(), units: { bytes: "bytes", times: "UTC, ISO 8601" } };
  });
}
