/**
 * Rollups: `flows` summed per day, kept beside it so that insights read tens of thousands of rows instead
 * of millions.
 *
 * - `flow_rollup`: one row per day × ENI × address pair (and the packet-level pair, AWS service fields) ×
 *   protocol × service port × direction × traffic path × action × log status, with records, bytes,
 *   packets. The *ephemeral* side of a TCP/UDP record — the higher of its two ports, the client's — is
 *   folded to NULL: keeping it would make the rollup nearly as large as `flows` (responses go to a
 *   different ephemeral port each connection). Rejected records keep their destination port whatever it
 *   is, because that is what was blocked.
 * - `hourly_rollup`: per day × hour of start × ENI × direction × action × log status.
 *
 * Freshness is exact and crash-safe: every load and every removal of rows writes the days it touched to
 * `rollup_dirty_days` in the same transaction as the rows, and `refreshRollups` rebuilds exactly those
 * days (after an ingest, and before insights run, so an interrupted ingest is caught up later).
 *
 * Sums of bytes and packets are HUGEINT: each record holds at most 2^50 (records/fields.ts), so no sum of
 * any number of records can overflow, and no input can make a rebuild fail.
 */
import { FlowlensError, messageOf } from "../../errors.js";
import type { DuckDbStore } from "./duckdb-store.js";

const DIRTY_DAYS = "rollup_dirty_days";

const FLOW_ROLLUP_KEYS = `day, account_id, region, vpc_id, subnet_id, az_id, instance_id, interface_id,
  flow_direction, traffic_path, action, log_status, protocol,
  srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr, pkt_src_aws_service, pkt_dst_aws_service`;

const ROLLUP_DDL = [
  `CREATE TABLE IF NOT EXISTS ${DIRTY_DAYS} (day DATE PRIMARY KEY)`,
  `CREATE TABLE IF NOT EXISTS flow_rollup (
  day DATE, account_id VARCHAR, region VARCHAR, vpc_id VARCHAR, subnet_id VARCHAR, az_id VARCHAR,
  instance_id VARCHAR, interface_id VARCHAR, flow_direction VARCHAR, traffic_path INTEGER, action VARCHAR,
  log_status VARCHAR, protocol INTEGER, srcaddr VARCHAR, dstaddr VARCHAR, pkt_srcaddr VARCHAR,
  pkt_dstaddr VARCHAR, pkt_src_aws_service VARCHAR, pkt_dst_aws_service VARCHAR,
  srcport INTEGER, dstport INTEGER,
  records BIGINT, bytes HUGEINT, packets HUGEINT, spanning_midnight BIGINT
)`,
  `CREATE TABLE IF NOT EXISTS hourly_rollup (
  day DATE, hour TIMESTAMP, interface_id VARCHAR, flow_direction VARCHAR, action VARCHAR, log_status VARCHAR,
  records BIGINT, bytes HUGEINT, packets HUGEINT
)`,
];

/** The client side of a TCP/UDP record is the higher port; rejected records keep dstport. */
const CLIENT_SIDE_IS_SOURCE = "(protocol IN (6, 17) AND srcport > dstport)";
const CLIENT_SIDE_IS_DESTINATION =
  "(protocol IN (6, 17) AND dstport > srcport AND action IS DISTINCT FROM 'REJECT')";

function rebuildSql(day: string): string[] {
  return [
    `DELETE FROM flow_rollup WHERE day = ${day}`,
    `DELETE FROM hourly_rollup WHERE day = ${day}`,
    `INSERT INTO flow_rollup
     SELECT ${FLOW_ROLLUP_KEYS}, srcport, dstport,
       count(*), sum(bytes), sum(packets), count(*) FILTER (CAST(end_time AS DATE) > day)
     FROM (
       SELECT * EXCLUDE (srcport, dstport),
         CASE WHEN ${CLIENT_SIDE_IS_SOURCE} THEN NULL ELSE srcport END AS srcport,
         CASE WHEN ${CLIENT_SIDE_IS_DESTINATION} THEN NULL ELSE dstport END AS dstport
       FROM flows WHERE day = ${day}
     )
     GROUP BY ALL`,
    `INSERT INTO hourly_rollup
     SELECT day, date_trunc('hour', start_time), interface_id, flow_direction, action, log_status,
       count(*), sum(bytes), sum(packets)
     FROM flows WHERE day = ${day}
     GROUP BY ALL`,
    `DELETE FROM ${DIRTY_DAYS} WHERE day = ${day}`,
  ];
}

/**
 * Creates the rollup tables; a store that had flows before rollups existed, or whose rollups summed into
 * BIGINT (before flowlens 0.2), gets them anew with all its days marked.
 */
export async function ensureRollupTables(store: DuckDbStore): Promise<void> {
  const bytesType = await store.value<string | undefined>(
    "SELECT data_type FROM duckdb_columns() WHERE table_name = 'flow_rollup' AND column_name = 'bytes' AND database_name <> 'temp'",
  );
  if (bytesType === "BIGINT") {
    await store.run("DROP TABLE flow_rollup");
    await store.run("DROP TABLE hourly_rollup");
  }
  const existed = bytesType === "HUGEINT";
  for (const ddl of ROLLUP_DDL) await store.run(ddl);
  if (!existed) await store.run(`INSERT OR IGNORE INTO ${DIRTY_DAYS} SELECT DISTINCT day FROM flows`);
}

/** Inside a load's transaction: the days of these objects' rows (call before deleting and after inserting). */
export async function markDaysDirty(store: DuckDbStore, sourceIds: string): Promise<void> {
  await store.run(
    `INSERT OR IGNORE INTO ${DIRTY_DAYS} SELECT DISTINCT day FROM flows WHERE source_id IN (${sourceIds}) AND day IS NOT NULL`,
  );
}

/** Rebuilds the rollups of every dirty day; returns the days rebuilt. */
export async function refreshRollups(store: DuckDbStore): Promise<string[]> {
  const days = (
    await store.rows<{ day: string }>(`SELECT CAST(day AS VARCHAR) AS day FROM ${DIRTY_DAYS} ORDER BY day`)
  ).map((r) => r.day);
  if (days.length === 0) return [];
  // One day per transaction: memory stays bounded, and an interruption keeps the days already rebuilt.
  for (const day of days) {
    try {
      await store.transaction(async () => {
        for (const sql of rebuildSql(`DATE '${day}'`)) await store.run(sql);
      });
    } catch (error) {
      throw new FlowlensError(
        "FLOWLENS_ROLLUP_FAILED",
        `cannot summarise the flows of ${day}: ${messageOf(error)}`,
        {
          hint: "the rows are stored and the day stays marked: the next ingest or report summarises it again",
          cause: error,
        },
      );
    }
  }
  return days;
}
