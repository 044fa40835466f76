/**
 * The store's schema, defined once: the typed `flows` columns derived from the field catalog (stored as
 * duckdb/flow-tables.ts says), the `sources` ledger (one row per object ever seen), the `rejects`
 * quarantine and the `ingest_runs` log. Backends create these tables from this description.
 */
import { FIELDS, type FieldSpec, type FieldType } from "../records/fields.js";
import type { LogFormat } from "../records/log-format.js";

export const SCHEMA_VERSION = 3;

export type SqlType = "INTEGER" | "BIGINT" | "VARCHAR" | "TIMESTAMP" | "DATE" | "UINTEGER";

export interface FlowColumn {
  readonly name: string;
  readonly type: SqlType;
  /** The catalog field the column holds, when it holds one. */
  readonly field?: FieldSpec;
  readonly description: string;
}

export const SQL_TYPE_OF: Record<FieldType, SqlType> = {
  int32: "INTEGER",
  int64: "BIGINT",
  string: "VARCHAR",
};

/** start/end are stored as UTC timestamps under these names. */
export const TIME_COLUMNS: Record<string, string> = { start: "start_time", end: "end_time" };

/** The store column that holds a catalog field. */
export function storeColumnOf(spec: FieldSpec): string {
  return TIME_COLUMNS[spec.name] ?? spec.column;
}

/** Every column of `flows`, in order. */
export const FLOW_COLUMNS: readonly FlowColumn[] = [
  ...FIELDS.map((spec) => ({
    name: storeColumnOf(spec),
    type: TIME_COLUMNS[spec.name] ? ("TIMESTAMP" as const) : SQL_TYPE_OF[spec.type],
    field: spec,
    description: TIME_COLUMNS[spec.name]
      ? `${spec.name} (v${spec.version}) as a UTC timestamp; milliseconds normalised`
      : `${spec.name} (v${spec.version})`,
  })),
  { name: "extra_fields", type: "VARCHAR", description: "JSON object of fields the catalog does not know" },
  {
    name: "day",
    type: "DATE",
    description: "UTC day of start_time (of the object's key date when start is absent)",
  },
  {
    name: "source_id",
    type: "INTEGER",
    description: "the ledger entry (sources.source_id) the row came from",
  },
];

export const LEDGER_STATUSES = ["loaded", "failed"] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/**
 * `ipv4_to_int(address)`: a dotted-quad IPv4 address as an integer (NULL for IPv6 or anything else), for
 * CIDR range joins. Computed at query time over distinct addresses: per row at ingest it cost 10–20% of
 * the load (measured with bench:ingest).
 */
const IPV4_TO_INT_MACROS = [
  `CREATE OR REPLACE MACRO ipv4_octets_to_int(o) AS
    CASE WHEN len(o) = 4 AND list_count(o) = 4 AND list_max(o) <= 255
      THEN (o[1] << 24) + (o[2] << 16) + (o[3] << 8) + o[4] END`,
  `CREATE OR REPLACE MACRO ipv4_to_int(address) AS
    ipv4_octets_to_int(list_transform(string_split(address, '.'), x -> TRY_CAST(x AS UTINYINT)::UBIGINT))`,
];

/** The ledger's columns, in order: the table and the code that writes it both derive from this list. */
export const SOURCE_COLUMNS = [
  ["source_id", "INTEGER PRIMARY KEY"],
  ["uri", "VARCHAR NOT NULL UNIQUE"],
  ["size", "BIGINT"],
  ["fingerprint", "VARCHAR"],
  ["kind", "VARCHAR"],
  ["log_format", "VARCHAR"],
  ["account_id", "VARCHAR"],
  ["region", "VARCHAR"],
  ["key_date", "DATE"],
  ["status", "VARCHAR NOT NULL"],
  ["row_count", "BIGINT NOT NULL DEFAULT 0"],
  ["rejected_count", "BIGINT NOT NULL DEFAULT 0"],
  ["error", "VARCHAR"],
  ["run_id", "INTEGER"],
  ["loaded_at", "TIMESTAMP NOT NULL"],
] as const;

/** DDL for the whole store but `flows` (see duckdb/flow-tables.ts), in creation order. */
export function schemaDdl(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS flowlens_meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
    `CREATE SEQUENCE IF NOT EXISTS source_ids START 1`,
    `CREATE SEQUENCE IF NOT EXISTS run_ids START 1`,
    `CREATE TABLE IF NOT EXISTS sources (\n${SOURCE_COLUMNS.map(([name, type]) => `  ${name} ${type}`).join(",\n")}\n)`,
    `CREATE TABLE IF NOT EXISTS rejects (
  source_id INTEGER NOT NULL,
  line BIGINT,
  reason VARCHAR,
  text VARCHAR
)`,
    `CREATE TABLE IF NOT EXISTS ingest_runs (
  run_id INTEGER PRIMARY KEY,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  command VARCHAR,
  objects_seen INTEGER,
  objects_loaded INTEGER,
  objects_skipped INTEGER,
  objects_failed INTEGER,
  rows_loaded BIGINT,
  rows_rejected BIGINT
)`,
    // What `flowlens serve` received: one row per delivered request (its records are in the objects
    // named by `uris`), and the retries it answered without storing anything again.
    `CREATE TABLE IF NOT EXISTS stream_requests (
  request_key VARCHAR PRIMARY KEY,
  request_id VARCHAR NOT NULL,
  endpoint VARCHAR NOT NULL,
  delivery_stream VARCHAR,
  source_arn VARCHAR,
  common_attributes JSON,
  log_groups VARCHAR[],
  received_at TIMESTAMP NOT NULL,
  records INTEGER NOT NULL,
  control_messages INTEGER NOT NULL,
  flow_lines BIGINT NOT NULL,
  rejected INTEGER NOT NULL,
  uris VARCHAR[] NOT NULL,
  loaded_at TIMESTAMP NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS stream_duplicates (
  request_key VARCHAR NOT NULL,
  delivery_stream VARCHAR,
  seen_at TIMESTAMP NOT NULL
)`,
    ...IPV4_TO_INT_MACROS,
    `INSERT INTO flowlens_meta VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING`,
  ];
}

/** The columns of `flows` a load of this format fills. */
export function flowColumnsFilledBy(format: LogFormat): FlowColumn[] {
  const filled = new Set(format.fields.map(storeColumnOf));
  if (format.fields.some((f) => f.version === 0)) filled.add("extra_fields");
  return FLOW_COLUMNS.filter((c) => filled.has(c.name) || c.name === "day" || c.name === "source_id");
}
