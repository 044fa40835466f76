/**
 * The ClickHouse schema, with the same table and column names readers use on DuckDB (`flows`, `sources`,
 * `rejects`, `ingest_runs`, `flow_rollup`, `hourly_rollup`), so insight SQL differs only where the dialect
 * does. What is stored differs, because ClickHouse has no transactions:
 *
 * - Every row a load writes carries its `load_id`. A load is _committed_ by one INSERT of its ledger rows
 *   into `source_versions` (one block, so all or nothing); the ledger is never updated, only appended to.
 * - `sources` is a view of each object's latest ledger row; `flows` and `rejects` are views that keep only
 *   the rows of each object's current load (`(source_id, load_id) IN` the loaded ledger rows). So a load
 *   that was cut off (a crash, a server gone) is never seen, and a replaced object's old rows vanish the
 *   moment its new ledger row lands.
 * - The rollups are SummingMergeTree tables keyed by `load_id` too, and read through views over the
 *   committed loads (every load id in the ledger). A load ships its own rollup rows, summed by the parser
 *   (parser-rollups.ts), with its rows; the engine merges the parts. A load
 *   that replaces an object (or records it failed) also inserts, under its own load id, the negated sums
 *   of the object's previous rows, so when it commits the old contribution cancels out; until then,
 *   neither is seen. Rollup keys are stored without NULLs (18.16 allows no Nullable key): '' and -1, and
 *   1970-01-01 00:00:00 for an hour, which the views turn back into NULL.
 *
 * On a cluster the row tables exist on every shard as `<name>_local`, with Distributed tables of the
 * plain names over them, sharded by `cityHash64(interface_id)`, so one ENI's flows live on one shard. The
 * ledger, quarantine, runs and views live on the server the store URL names.
 */
import { FLOW_COLUMNS, SOURCE_COLUMNS, type SqlType } from "../schema.js";

/** The ClickHouse schema's own version; `store init` migrates forward to it. */
export const CLICKHOUSE_SCHEMA_VERSION = 2;

export interface SchemaLayout {
  /** The `remote_servers` cluster, or none for a single server. */
  readonly cluster?: string;
}

const CH_TYPE: Record<SqlType, string> = {
  INTEGER: "Int32",
  BIGINT: "Int64",
  VARCHAR: "String",
  TIMESTAMP: "DateTime('UTC')",
  DATE: "Date",
  UINTEGER: "UInt32",
};

const NOT_NULL_FLOW_COLUMNS = new Set(["day", "source_id"]);

const SOURCE_CH_TYPE: Record<string, string> = {
  source_id: "Int32",
  uri: "String",
  size: "Nullable(Int64)",
  fingerprint: "Nullable(String)",
  kind: "Nullable(String)",
  log_format: "Nullable(String)",
  account_id: "Nullable(String)",
  region: "Nullable(String)",
  key_date: "Nullable(Date)",
  status: "String",
  row_count: "Int64",
  rejected_count: "Int64",
  error: "Nullable(String)",
  run_id: "Nullable(Int32)",
  loaded_at: "DateTime('UTC')",
};

/** The ledger's columns as `source_versions` stores them: DuckDB's and the load that wrote the row. */
export const SOURCE_VERSION_COLUMNS: readonly string[] = [...SOURCE_COLUMNS.map(([name]) => name), "load_id"];

export const FLOW_ROLLUP_KEYS = [
  ...["day", "account_id", "region", "vpc_id", "subnet_id", "az_id", "instance_id", "interface_id"],
  ...["flow_direction", "traffic_path", "action", "log_status", "protocol", "srcaddr", "dstaddr"],
  ...["pkt_srcaddr", "pkt_dstaddr", "pkt_src_aws_service", "pkt_dst_aws_service", "srcport", "dstport"],
] as const;
export const HOURLY_ROLLUP_KEYS = [
  "day",
  "hour",
  "interface_id",
  "flow_direction",
  "action",
  "log_status",
] as const;
export const ROLLUP_INTEGER_KEYS: ReadonlySet<string> = new Set([
  "traffic_path",
  "protocol",
  "srcport",
  "dstport",
]);

/** The client side of a TCP/UDP record is the higher port; rejected records keep dstport (as on DuckDB). */
const SRCPORT =
  "assumeNotNull(toInt32(if(ifNull(protocol IN (6, 17) AND srcport > dstport, 0), -1, ifNull(srcport, -1))))";
const DSTPORT =
  "assumeNotNull(toInt32(if(ifNull(protocol IN (6, 17) AND dstport > srcport AND ifNull(action, '') != 'REJECT', 0), -1, ifNull(dstport, -1))))";

/** A rollup key as the parts tables store it (ClickHouse resolves a column's own name as its alias). */
export const storedRollupKey = (key: string) => (key === "day" ? "day" : `${key}_key`);

function keyExpression(key: string): string {
  if (key === "day") return "day";
  if (key === "srcport") return SRCPORT;
  if (key === "dstport") return DSTPORT;
  if (key === "hour") return "assumeNotNull(ifNull(toStartOfHour(start_time), toDateTime(0, 'UTC')))";
  return ROLLUP_INTEGER_KEYS.has(key)
    ? `assumeNotNull(toInt32(ifNull(${key}, -1)))`
    : `assumeNotNull(ifNull(${key}, ''))`;
}

/**
 * The rollup rows of the `flow_records` rows `where` selects, with `sign` 1 (what the load itself
 * shipped, parser-rollups.ts) or -1 (the negation a replacing load adds), under `loadId` (a column or a
 * number).
 */
export function flowRollupSelect(from: string, where: string, sign: 1 | -1, loadId: string): string {
  return rollupSelect(from, where, loadId, FLOW_ROLLUP_KEYS, [
    `${sign} * toInt64(count()) AS records`,
    `${sign} * toInt64(sum(ifNull(bytes, 0))) AS bytes`,
    `${sign} * toInt64(sum(ifNull(packets, 0))) AS packets`,
    `${sign} * toInt64(countIf(ifNull(toDate(end_time) > day, 0))) AS spanning_midnight`,
  ]);
}

export function hourlyRollupSelect(from: string, where: string, sign: 1 | -1, loadId: string): string {
  return rollupSelect(from, where, loadId, HOURLY_ROLLUP_KEYS, [
    `${sign} * toInt64(count()) AS records`,
    `${sign} * toInt64(sum(ifNull(bytes, 0))) AS bytes`,
    `${sign} * toInt64(sum(ifNull(packets, 0))) AS packets`,
  ]);
}

/**
 * `loadId` is the column `load_id` (grouped by it) or a number (a negation, whose
 * alias must not be `load_id`: ClickHouse would read the WHERE's load_id as the alias). INSERT … SELECT
 * maps columns by position.
 */
function rollupSelect(
  from: string,
  where: string,
  loadId: string,
  keys: readonly string[],
  sums: readonly string[],
): string {
  const ownLoad = loadId === "load_id";
  const keyColumns = keys.map((k) => (k === "day" ? "day" : `${keyExpression(k)} AS ${storedRollupKey(k)}`));
  return `SELECT ${ownLoad ? "load_id" : `toUInt64(${loadId}) AS replacing_load_id`}, ${keyColumns.join(", ")}, ${sums.join(", ")}
  FROM ${from} WHERE ${where}
  GROUP BY ${[...(ownLoad ? ["load_id"] : []), ...keys.map(storedRollupKey)].join(", ")}`;
}

function flowRecordsColumns(): string {
  return [
    ...FLOW_COLUMNS.map((c) =>
      NOT_NULL_FLOW_COLUMNS.has(c.name)
        ? `${c.name} ${CH_TYPE[c.type]}`
        : `${c.name} Nullable(${CH_TYPE[c.type]})`,
    ),
    "load_id UInt64",
  ].join(",\n  ");
}

function flowRollupColumns(): string {
  return [
    "load_id UInt64",
    ...FLOW_ROLLUP_KEYS.map(
      (k) =>
        `${storedRollupKey(k)} ${k === "day" ? "Date" : ROLLUP_INTEGER_KEYS.has(k) ? "Int32" : "String"}`,
    ),
    "records Int64, bytes Int64, packets Int64, spanning_midnight Int64",
  ].join(",\n  ");
}

const HOURLY_COLUMNS = `load_id UInt64, day Date, hour_key DateTime('UTC'), interface_id_key String,
  flow_direction_key String, action_key String, log_status_key String, records Int64, bytes Int64, packets Int64`;

/** Names of the tables that hold rows, and of their shard-local tables on a cluster. */
export function rowTable(name: string, layout: SchemaLayout, local: boolean): string {
  return layout.cluster && local ? `${name}_local` : name;
}

/** DDL run on every shard (a single server is its own one shard): the tables rows are stored in. */
export function shardDdl(layout: SchemaLayout): string[] {
  const records = rowTable("flow_records", layout, true);
  const rollup = rowTable("flow_rollup_parts", layout, true);
  const hourly = rowTable("hourly_rollup_parts", layout, true);
  return [
    `CREATE TABLE IF NOT EXISTS ${records} (\n  ${flowRecordsColumns()}\n) ENGINE = MergeTree()
     PARTITION BY toYYYYMM(day) ORDER BY (day, ifNull(interface_id, ''), source_id)`,
    `CREATE TABLE IF NOT EXISTS ${rollup} (\n  ${flowRollupColumns()}\n) ENGINE = SummingMergeTree((records, bytes, packets, spanning_midnight))
     PARTITION BY toYYYYMM(day) ORDER BY (${["day", "interface_id", "load_id", ...FLOW_ROLLUP_KEYS.filter((k) => k !== "day" && k !== "interface_id")].map((k) => (k === "load_id" ? k : storedRollupKey(k))).join(", ")})`,
    `CREATE TABLE IF NOT EXISTS ${hourly} (${HOURLY_COLUMNS}) ENGINE = SummingMergeTree((records, bytes, packets))
     PARTITION BY toYYYYMM(day) ORDER BY (day, hour_key, interface_id_key, load_id, flow_direction_key, action_key, log_status_key)`,
  ];
}

/** The loads readers see: every load a ledger row was committed for. */
const COMMITTED_LOADS = "(SELECT DISTINCT load_id FROM source_versions)";
const CURRENT_LOADS = "(SELECT source_id, load_id FROM sources WHERE status = 'loaded')";

/**
 * The Distributed tables' sharding key of an ENI (`ifNull(interface_id, '')`, or a rollup's
 * `interface_id_key`): the shard is its value modulo the shards' total weight (insert-lanes.ts splits a
 * load's rows by the same key).
 */
export const shardKey = (eni: string) => `cityHash64(${eni})`;

/** DDL run on the server the URL names: Distributed tables (on a cluster), the ledger, and the views. */
export function homeDdl(layout: SchemaLayout): string[] {
  const inSet = layout.cluster ? "GLOBAL IN" : "IN";
  const distributed = (name: string) =>
    `CREATE TABLE IF NOT EXISTS ${name} AS ${name}_local
     ENGINE = Distributed(${layout.cluster}, currentDatabase(), ${name}_local, ${shardKey(name === "flow_records" ? "ifNull(interface_id, '')" : "interface_id_key")})`;
  const sourceColumns = SOURCE_COLUMNS.map(([name]) => `${name} ${SOURCE_CH_TYPE[name]}`).join(", ");
  // argMax(uri, load_id) AS uri would make ClickHouse read uri as its own alias: take the latest row as a tuple.
  const ledgerNames = SOURCE_COLUMNS.map(([name]) => name).filter((n) => n !== "source_id");
  const latest = `argMax(tuple(${ledgerNames.join(", ")}), load_id)`;
  const sourcesView = ledgerNames.map((name, i) => `tupleElement(latest, ${i + 1}) AS ${name}`).join(", ");
  const rollupView = FLOW_ROLLUP_KEYS.map((k) =>
    k === "day" ? k : `nullIf(${storedRollupKey(k)}, ${ROLLUP_INTEGER_KEYS.has(k) ? "-1" : "''"}) AS ${k}`,
  ).join(", ");
  return [
    `CREATE TABLE IF NOT EXISTS flowlens_meta (key String, value String, written_at DateTime('UTC'))
     ENGINE = ReplacingMergeTree(written_at) ORDER BY key`,
    ...(layout.cluster ? ["flow_records", "flow_rollup_parts", "hourly_rollup_parts"].map(distributed) : []),
    `CREATE TABLE IF NOT EXISTS source_versions (${sourceColumns}, load_id UInt64)
     ENGINE = MergeTree() ORDER BY (source_id, load_id)`,
    `CREATE TABLE IF NOT EXISTS reject_records (source_id Int32, line Nullable(Int64), reason Nullable(String),
     text Nullable(String), load_id UInt64) ENGINE = MergeTree() ORDER BY (source_id, load_id)`,
    `CREATE TABLE IF NOT EXISTS ingest_run_versions (run_id Int32, started_at DateTime('UTC'),
     finished_at Nullable(DateTime('UTC')), command Nullable(String), objects_seen Nullable(Int32),
     objects_loaded Nullable(Int32), objects_skipped Nullable(Int32), objects_failed Nullable(Int32),
     rows_loaded Nullable(Int64), rows_rejected Nullable(Int64), written UInt64)
     ENGINE = ReplacingMergeTree(written) ORDER BY run_id`,
    `CREATE VIEW IF NOT EXISTS sources AS SELECT source_id, ${sourcesView}, current_load AS load_id
     FROM (SELECT source_id, ${latest} AS latest, max(load_id) AS current_load FROM source_versions GROUP BY source_id)`,
    `CREATE VIEW IF NOT EXISTS flows AS SELECT ${FLOW_COLUMNS.map((c) => c.name).join(", ")}
     FROM flow_records WHERE (source_id, load_id) ${inSet} ${CURRENT_LOADS}`,
    `CREATE VIEW IF NOT EXISTS rejects AS SELECT source_id, line, reason, text
     FROM reject_records WHERE (source_id, load_id) IN ${CURRENT_LOADS}`,
    `CREATE VIEW IF NOT EXISTS ingest_runs AS SELECT run_id, started_at, finished_at, command, objects_seen,
     objects_loaded, objects_skipped, objects_failed, rows_loaded, rows_rejected FROM ingest_run_versions FINAL`,
    `CREATE VIEW IF NOT EXISTS flow_rollup AS SELECT ${rollupView}, records, bytes, packets, spanning_midnight
     FROM flow_rollup_parts WHERE load_id ${inSet} ${COMMITTED_LOADS}`,
    `CREATE VIEW IF NOT EXISTS hourly_rollup AS SELECT day, nullIf(hour_key, toDateTime(0, 'UTC')) AS hour,
     nullIf(interface_id_key, '') AS interface_id, nullIf(flow_direction_key, '') AS flow_direction,
     nullIf(action_key, '') AS action, nullIf(log_status_key, '') AS log_status, records, bytes, packets
     FROM hourly_rollup_parts WHERE load_id ${inSet} ${COMMITTED_LOADS}`,
  ];
}

/** Every table and view a complete store has, on the home server and on each shard. */
export function expectedTables(layout: SchemaLayout): { home: string[]; shard: string[] } {
  const names = (ddl: string[]) =>
    ddl.map((d) => /CREATE (?:TABLE|VIEW|MATERIALIZED VIEW) IF NOT EXISTS (\w+)/.exec(d)?.[1] ?? "");
  return { home: names(homeDdl(layout)), shard: names(shardDdl(layout)) };
}

/**
 * Forward migrations: the statements that take a store from version `to - 1` to `to`, run by
 * `store init` on a store whose `schema_version` is older, on the home server and on every shard.
 */
export const MIGRATIONS: readonly {
  readonly to: number;
  readonly home: readonly string[];
  readonly shard?: (layout: SchemaLayout) => readonly string[];
}[] = [
  {
    // Version 2: loads ship their rollup rows; the materialized views that summed each insert go.
    to: 2,
    home: [],
    shard: (layout) =>
      ["flow_rollup_mv", "hourly_rollup_mv"].map((v) => `DROP TABLE IF EXISTS ${rowTable(v, layout, true)}`),
  },
];
