/**
 * Datapoints of event rules: a finding appearing, in the bucket where it starts.
 * - `scan`: the scans insight's own scans.sql over the range's days (its parameters from the config's
 *   `insights.scans`); each scanning source fires in the bucket of its first attempt. It reads the days
 *   only for the sources found scanning from the range's start (scanRows).
 * - `new-port`: a service port accepting connections on an ENI for the first time, as the anomalies
 *   insight defines it (a request toward a service: the source port the higher, which the rollup folds;
 *   never seen on that ENI in the `baselineDays` before, nor earlier that day), in the bucket it first does.
 */
import { readSql } from "../../insights/read-sql.js";
import { scans } from "../../insights/scans/scans.js";
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import type { EventRule } from "../rules/alert-rule-schema.js";
import {
  type BucketRange,
  type DatapointRow,
  datapointsFrom,
  dayOf,
  type RuleDatapoints,
  timestampSql,
} from "./datapoints.js";
import type { PresentBuckets } from "./present-buckets.js";

const bucketOf = (epochSeconds: number, period: number) => Math.floor(epochSeconds / period) * period;

/**
 * scans.sql with `flows` read as `alert_scan_flows`: the records of the range's days that `where` keeps
 * (times and addresses only reach it as numbers and escaped literals).
 */
async function scansOn(
  store: DuckDbStore,
  range: BucketRange,
  where: string,
  params: Record<string, unknown>,
): Promise<ScanRow[]> {
  const [from, to] = [dayOf(range.from), dayOf(range.to - 1)];
  await store.run(
    `CREATE OR REPLACE TEMP VIEW alert_scan_flows AS
     SELECT * FROM flows WHERE day BETWEEN DATE '${from}' AND DATE '${to}' AND ${where}`,
  );
  const sql = readSql(new URL("../../insights/scans/", import.meta.url).href, "scans.sql");
  return store.rows<ScanRow>(sql.replaceAll(/\bFROM flows\b/g, "FROM alert_scan_flows"), {
    from,
    to,
    ...params,
  });
}

/** Addresses as SQL literals: DuckDB then filters the scan of `flows` itself, as a bound list would not. */
const literals = (addresses: readonly string[]) =>
  addresses.map((a) => `'${a.replaceAll("'", "''")}'`).join(", ");

/**
 * The sources that may have sent records on the range's days before its start: those whose records there
 * in `flow_rollup` are more (or fewer, were the rollup behind) than their records from the range's start —
 * a cheap test (the rollup's rows and the range's records), where reading the days' records is not.
 */
async function sentBefore(
  store: DuckDbStore,
  range: BucketRange,
  sources: readonly string[],
): Promise<Set<string>> {
  const days = `day BETWEEN DATE '${dayOf(range.from)}' AND DATE '${dayOf(range.to - 1)}' AND srcaddr IN (${literals(sources)})`;
  const rows = await store.rows<{ srcaddr: string }>(
    `WITH whole AS (SELECT srcaddr, sum(records) AS n FROM flow_rollup WHERE ${days} GROUP BY srcaddr),
       since AS (
         SELECT srcaddr, count(*) AS n FROM flows
         WHERE ${days} AND start_time >= ${timestampSql(range.from)} GROUP BY srcaddr
       )
     SELECT srcaddr FROM whole FULL JOIN since USING (srcaddr) WHERE whole.n IS DISTINCT FROM since.n`,
  );
  return new Set(rows.map((r) => r.srcaddr));
}

/**
 * A source fires in the bucket of its first attempt of the range's days, so only a source whose attempts
 * all start in the range can fire in it: the records from the range's start find those (a source's
 * windows are then the same as over the days). Its numbers are those of the days unless it sent before the
 * range (sentBefore): the days' records of just those sources give them as the insight reads them.
 */
function scanRows(store: DuckDbStore, range: BucketRange, insightParams: unknown): Promise<DatapointRow[]> {
  return scanRowsWith(
    {
      scansOn: (where, params) => scansOn(store, range, where, params),
      sentBefore: (sources) => sentBefore(store, range, sources),
      sinceRangeStart: `start_time >= ${timestampSql(range.from)}`,
      sourcesIn: (sources) => `srcaddr IN (${literals(sources)})`,
    },
    range,
    insightParams,
  );
}

export type ScanRow = { source: string; ports_touched: number; hosts_touched: number; window_start: string };

/** How a backend finds scans: the scans insight over the records a condition keeps, in its own SQL. */
export interface ScanFinder {
  scansOn(where: string, params: Record<string, unknown>): Promise<ScanRow[]>;
  /** The sources that may have sent on the range's days before its start. */
  sentBefore(sources: readonly string[]): Promise<Set<string>>;
  /** The condition of the records from the range's start on. */
  readonly sinceRangeStart: string;
  /** The condition of these sources' records. */
  sourcesIn(sources: readonly string[]): string;
}

/** A scan rule's datapoints on either backend: the range's scans, the days' for sources that sent before it. */
export async function scanRowsWith(
  finder: ScanFinder,
  range: BucketRange,
  insightParams: unknown,
): Promise<DatapointRow[]> {
  const p = scans.params.parse(insightParams ?? {});
  const inRange = await finder.scansOn(finder.sinceRangeStart, p);
  if (inRange.length === 0) return [];
  const earlier = await finder.sentBefore(inRange.map((r) => r.source));
  const exact = inRange.filter((r) => !earlier.has(r.source));
  const found =
    earlier.size === 0 ? exact : [...exact, ...(await finder.scansOn(finder.sourcesIn([...earlier]), p))];
  return found.flatMap((r) => {
    const bucket = bucketOf(Date.parse(r.window_start) / 1000, range.period);
    if (bucket < range.from || bucket >= range.to) return [];
    const value = Number(r.ports_touched) > 0 ? Number(r.ports_touched) : Number(r.hosts_touched);
    return [{ bucket, instance: r.source, value, breaching: true }];
  });
}

async function newPortRows(store: DuckDbStore, rule: EventRule, range: BucketRange): Promise<DatapointRow[]> {
  const ports = rule.ports ? `AND list_contains(CAST($ports::JSON AS INTEGER[]), a.dstport)` : "";
  const rows = await store.rows<{ bucket: number; instance: string; records: number }>(
    `WITH accepted AS (
       SELECT time_bucket(to_seconds(${range.period}::BIGINT), start_time, TIMESTAMP '1970-01-01') AS bucket,
         interface_id, protocol, dstport, count(*) AS records
       FROM flows
       WHERE day BETWEEN DATE '${dayOf(range.from)}' AND DATE '${dayOf(range.to)}'
         AND start_time >= ${timestampSql(range.from)} AND start_time < ${timestampSql(range.to)}
         AND action = 'ACCEPT' AND flow_direction IS DISTINCT FROM 'egress'
         AND protocol IN (6, 17) AND srcport > dstport
       GROUP BY ALL
     ),
     first_seen AS (
       SELECT interface_id, protocol, dstport, CAST(bucket AS DATE) AS day, min(bucket) AS bucket,
         arg_min(records, bucket) AS records
       FROM accepted GROUP BY interface_id, protocol, dstport, CAST(bucket AS DATE)
     )
     SELECT epoch(a.bucket)::BIGINT AS bucket, a.interface_id || '|' || a.dstport AS instance, a.records::DOUBLE AS records
     FROM first_seen a
     WHERE a.bucket >= ${timestampSql(range.from)} ${ports}
       AND NOT EXISTS (
         SELECT 1 FROM flow_rollup b
         WHERE b.day BETWEEN a.day - ${rule.baselineDays}::INTEGER AND a.day - 1
           AND b.action = 'ACCEPT' AND b.flow_direction IS DISTINCT FROM 'egress' AND b.srcport IS NULL
           AND b.interface_id = a.interface_id AND b.protocol = a.protocol AND b.dstport = a.dstport
       )
       AND NOT EXISTS (
         -- Seen earlier that day, before the range: a request toward the port (its source port the higher).
         SELECT 1 FROM flows f
         WHERE f.day = a.day AND f.start_time < ${timestampSql(range.from)}
           AND f.action = 'ACCEPT' AND f.flow_direction IS DISTINCT FROM 'egress' AND f.srcport > f.dstport
           AND f.interface_id = a.interface_id AND f.protocol = a.protocol AND f.dstport = a.dstport
       )`,
    rule.ports ? { ports: JSON.stringify(rule.ports) } : undefined,
  );
  return rows.map((r) => ({
    bucket: Number(r.bucket),
    instance: r.instance,
    value: Number(r.records),
    breaching: true,
  }));
}

export async function eventDatapoints(
  store: DuckDbStore,
  rule: EventRule,
  range: BucketRange,
  insightParams: Readonly<Record<string, unknown>>,
  present: PresentBuckets,
): Promise<RuleDatapoints> {
  const rows =
    rule.finding === "scan"
      ? await scanRows(store, range, insightParams.scans)
      : await newPortRows(store, rule, range);
  return datapointsFrom(rows, await present.of(range));
}
