/**
 * Builds the one INSERT that loads a batch of same-format objects into `flows`. DuckDB's own readers
 * parse the files (read_csv for text, gzip or not; read_parquet for Parquet); the SELECT types every
 * field, turns start/end into UTC timestamps, derives the day, and tags each row with its
 * ledger entry by the reader's file_index. Lines that do not fit the format go to DuckDB's rejects tables
 * instead of failing the batch.
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
  /** Text only: the files are gzip streams, whatever their names say. */
  readonly gzip: boolean;
}

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

function fieldExpr(spec: FieldSpec, readType: string): string {
  if (spec.name === "start" || spec.name === "end") return timestampExpr(spec.column);
  const source = `r.${quoteIdent(spec.column)}`;
  return readType === SQL_TYPE_OF[spec.type] ? source : `CAST(${source} AS ${SQL_TYPE_OF[spec.type]})`;
}

function readerSql(shape: LoadBatchShape, paths: readonly string[]): string {
  const list = `[${paths.map(quoteString).join(", ")}]`;
  // Flow log keys look like Hive partitions (aws-region=…/day=…); their values must not become columns.
  if (shape.kind === "parquet")
    return `read_parquet(${list}, union_by_name = true, hive_partitioning = false)`;
  const columns = shape.format.fields.map(
    (f) => `${quoteString(f.column)}: ${quoteString(SQL_TYPE_OF[f.type])}`,
  );
  if (shape.exportTimestamp) columns.unshift(`${quoteString(EXPORT_TIMESTAMP_COLUMN)}: 'VARCHAR'`);
  return `read_csv(${list}, columns = {${columns.join(", ")}}, delim = ' ', header = ${shape.header}, compression = '${shape.gzip ? "gzip" : "none"}', quote = '', escape = '', nullstr = '-', auto_detect = false, ignore_errors = true, store_rejects = true, rejects_table = '${REJECT_ERRORS_TABLE}', rejects_scan = '${REJECT_SCANS_TABLE}', hive_partitioning = false)`;
}

/** One file of a batch: where it is, its ledger id and the day its key names. */
export interface BatchFile {
  readonly path: string;
  readonly sourceId: number;
  readonly keyDate: string | null;
}

/** A per-file value chosen by the reader's file_index (cheaper than joining on the file name). */
function perFile(values: readonly string[]): string {
  return `[${values.join(", ")}][r.file_index::BIGINT + 1]`;
}

/**
 * The INSERT for a batch. Columns the format lacks are left to their default (NULL); `source_id` and the
 * key's day come from the file the row was read from.
 */
export function flowInsertSql(
  shape: LoadBatchShape,
  files: readonly BatchFile[],
  parquetTypes?: ReadonlyMap<string, string>,
): string {
  const present = new Map(shape.format.fields.map((f) => [storeColumnOf(f), f]));
  const unknown = shape.format.fields.filter((f) => f.version === 0);
  const keyDay = perFile(files.map((f) => (f.keyDate ? `DATE ${quoteString(f.keyDate)}` : "NULL::DATE")));
  const derived: Record<string, string | undefined> = {
    extra_fields:
      unknown.length === 0
        ? undefined
        : `json_object(${unknown.map((f) => `${quoteString(f.name)}, r.${quoteIdent(f.column)}`).join(", ")})::VARCHAR`,
    day: present.has("start_time") ? `coalesce(CAST(${timestampExpr("start")} AS DATE), ${keyDay})` : keyDay,
    source_id: perFile(files.map((f) => String(f.sourceId))),
  };
  const columns: string[] = [];
  const select: string[] = [];
  for (const column of FLOW_COLUMNS) {
    const spec = column.field ? present.get(column.name) : undefined;
    const expression = spec
      ? fieldExpr(spec, parquetTypes?.get(spec.column) ?? SQL_TYPE_OF[spec.type])
      : derived[column.name];
    if (expression === undefined) continue;
    columns.push(quoteIdent(column.name));
    select.push(expression);
  }
  return `INSERT INTO flows (${columns.join(", ")}) SELECT\n  ${select.join(",\n  ")}\nFROM (SELECT *, file_index FROM ${readerSql(
    shape,
    files.map((f) => f.path),
  )}) r`;
}
