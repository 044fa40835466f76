/**
 * Builds the one INSERT that loads a batch of same-format objects into `flows`. DuckDB's own readers
 * parse the files (read_csv for text, gzip or not; read_parquet for Parquet); the SELECT types every
 * field, turns start/end into UTC timestamps, derives the day and IPv4 integers, and tags each row with its
 * ledger entry through the `load_files` table (path → source_id). Lines that do not fit the format go to
 * DuckDB's rejects tables instead of failing the batch.
 */
import type { FieldSpec } from "../../records/fields.js";
import type { LogFormat } from "../../records/log-format.js";
import { FLOW_COLUMNS, SQL_TYPE_OF, storeColumnOf } from "../schema.js";

export type ObjectKind = "text" | "parquet";

export interface LoadBatchShape {
  readonly kind: ObjectKind;
  readonly format: LogFormat;
  /** Text only: the first line of each file is a header line. */
  readonly header: boolean;
  /** Text only: each line starts with a CloudWatch Logs export timestamp before the record. */
  readonly exportTimestamp: boolean;
}

export const LOAD_FILES_TABLE = "load_files";
export const REJECT_ERRORS_TABLE = "load_reject_errors";
export const REJECT_SCANS_TABLE = "load_reject_scans";

const EXPORT_TIMESTAMP_COLUMN = "export_timestamp";
const INT32_MAX = 2147483647;

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Epoch seconds (or milliseconds, above 2^31) to a UTC TIMESTAMP. */
function timestampExpr(column: string): string {
  const c = `r.${quoteIdent(column)}`;
  return `make_timestamp(CASE WHEN ${c} > ${INT32_MAX} THEN ${c} // 1000 ELSE ${c} END * 1000000)`;
}

const IPV4_PARTS = String.raw`'^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$'`;

/** The column holding the regexp split of an address, computed once in the inner SELECT. */
function ipv4PartsColumn(address: string): string {
  return `__${address}_ipv4`;
}

/** A dotted-quad IPv4 address as an unsigned integer; NULL for IPv6, '-' or anything malformed. */
function ipv4IntExpr(address: string): string {
  const p = `r.${ipv4PartsColumn(address)}`;
  const [a, b, c, d] = ["a", "b", "c", "d"].map((k) => `TRY_CAST(${p}.${k} AS UBIGINT)`);
  return `CASE WHEN greatest(${a}, ${b}, ${c}, ${d}) <= 255 THEN ((${a} << 24) + (${b} << 16) + (${c} << 8) + ${d})::UINTEGER END`;
}

function fieldExpr(spec: FieldSpec, readType: string): string {
  if (spec.name === "start" || spec.name === "end") return timestampExpr(spec.column);
  const source = `r.${quoteIdent(spec.column)}`;
  return readType === SQL_TYPE_OF[spec.type] ? source : `CAST(${source} AS ${SQL_TYPE_OF[spec.type]})`;
}

function readerSql(shape: LoadBatchShape, paths: readonly string[]): string {
  const list = `[${paths.map(quoteString).join(", ")}]`;
  // Flow log keys look like Hive partitions (aws-region=…/day=…); their values must not become columns.
  if (shape.kind === "parquet") {
    return `read_parquet(${list}, filename = true, union_by_name = true, hive_partitioning = false)`;
  }
  const columns = shape.format.fields.map(
    (f) => `${quoteString(f.column)}: ${quoteString(SQL_TYPE_OF[f.type])}`,
  );
  if (shape.exportTimestamp) columns.unshift(`${quoteString(EXPORT_TIMESTAMP_COLUMN)}: 'VARCHAR'`);
  return `read_csv(${list}, columns = {${columns.join(", ")}}, delim = ' ', header = ${shape.header}, quote = '', escape = '', nullstr = '-', auto_detect = false, ignore_errors = true, store_rejects = true, rejects_table = '${REJECT_ERRORS_TABLE}', rejects_scan = '${REJECT_SCANS_TABLE}', filename = true, hive_partitioning = false)`;
}

/** The INSERT for a batch; `paths` are the local files named in `load_files`. */
export function flowInsertSql(
  shape: LoadBatchShape,
  paths: readonly string[],
  parquetTypes?: ReadonlyMap<string, string>,
): string {
  const present = new Map(shape.format.fields.map((f) => [storeColumnOf(f), f]));
  const unknown = shape.format.fields.filter((f) => f.version === 0);
  const select = FLOW_COLUMNS.map((column) => {
    const spec = column.field ? present.get(column.name) : undefined;
    if (spec) {
      const readType = parquetTypes?.get(spec.column) ?? SQL_TYPE_OF[spec.type];
      return `${fieldExpr(spec, readType)} AS ${quoteIdent(column.name)}`;
    }
    switch (column.name) {
      case "extra_fields":
        return unknown.length === 0
          ? "NULL::VARCHAR AS extra_fields"
          : `json_object(${unknown.map((f) => `${quoteString(f.name)}, r.${quoteIdent(f.column)}`).join(", ")})::VARCHAR AS extra_fields`;
      case "day":
        return present.has("start_time")
          ? `coalesce(CAST(${timestampExpr("start")} AS DATE), m.key_date) AS day`
          : "m.key_date AS day";
      case "srcaddr_int":
      case "dstaddr_int": {
        const address = column.name.replace("_int", "");
        return present.has(address)
          ? `${ipv4IntExpr(address)} AS ${column.name}`
          : `NULL::UINTEGER AS ${column.name}`;
      }
      case "source_id":
        return "m.source_id AS source_id";
      default:
        return `NULL::${column.type} AS ${quoteIdent(column.name)}`;
    }
  });
  const splits = ["srcaddr", "dstaddr"]
    .filter((address) => present.has(address))
    .map(
      (address) =>
        `, regexp_extract(${quoteIdent(address)}, ${IPV4_PARTS}, ['a', 'b', 'c', 'd']) AS ${ipv4PartsColumn(address)}`,
    )
    .join("");
  return `INSERT INTO flows SELECT\n  ${select.join(",\n  ")}\nFROM (SELECT *${splits} FROM ${readerSql(shape, paths)}) r\nJOIN ${LOAD_FILES_TABLE} m ON r.filename = m.path`;
}
