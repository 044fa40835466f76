/**
 * Builds the one INSERT that loads a batch of same-format objects into `flows` (its table, `flow_records`): DuckDB's fast path. Its own
 * readers parse the files (read_csv for text, gzip or not; read_parquet for Parquet); the SELECT types every
 * field, turns start/end into UTC timestamps, derives the day, and tags each row with its ledger entry by
 * the reader's file_index.
 *
 * The fast path accepts only what the record rules (records/decode-record.ts) accept. Whole numbers in text
 * are read as BIGINT, which DuckDB's reader would also parse from `0x10`, `1e3`, `1_000` or `1.5`: the
 * content check (ingest/content-check.ts) proves, before the batch commits, that each object's whole numbers
 * are plain digits and its text holds no control character. Here every value is checked against its
 * field's range and `end` against `start`, a record of another kind (records/record-kind.ts) is refused,
 * placeholders such as an `unknown` account id become NULL, and any line the reader cannot split into the
 * format's fields fails the statement. A refused value raises an error naming its file, so the caller can
 * load that object line by line instead, quarantining exactly the lines at fault.
 */
import { describeRange, inRange } from "../../records/decode-record.js";
import {
  type FieldSpec,
  MILLISECONDS_FROM,
  TRANSIT_GATEWAY_VERSION,
  type ValueRange,
} from "../../records/fields.js";
import type { LogFormat } from "../../records/log-format.js";
import {
  interfaceIdRefusal,
  recordKindRule,
  TRANSIT_GATEWAY_ID_PREFIX,
  versionRefusal,
} from "../../records/record-kind.js";
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

/** The start of the error the fast path raises for a value outside its field's range. */
export const VALUE_REFUSED = "flowlens refused a value in ";

const EXPORT_TIMESTAMP_COLUMN = "export_timestamp";

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function typedField(spec: FieldSpec, readType: string): string {
  const source = `r.${quoteIdent(spec.column)}`;
  const typed = readType === SQL_TYPE_OF[spec.type] ? source : `CAST(${source} AS ${SQL_TYPE_OF[spec.type]})`;
  // Placeholders (`unknown` account ids) are NULL, as `-` is.
  return (spec.placeholders ?? []).reduce((value, p) => `nullif(${value}, ${quoteString(p)})`, typed);
}

/** Epoch seconds (or milliseconds, from 10^11) as seconds. */
function epochSeconds(spec: FieldSpec, readType: string): string {
  const c = typedField(spec, readType);
  return `CASE WHEN ${c} >= ${MILLISECONDS_FROM} THEN ${c} // 1000 ELSE ${c} END`;
}

/** Epoch seconds (or milliseconds, from 10^11) to a UTC TIMESTAMP. */
function timestampExpr(spec: FieldSpec, readType: string): string {
  return `make_timestamp(${epochSeconds(spec, readType)} * 1000000)`;
}

/** SQL: the value is within the range (and outside its gap). */
function rangeSql(value: string, range: ValueRange): string {
  const gap = range.gap ? ` AND NOT (${value} > ${range.gap.above} AND ${value} < ${range.gap.below})` : "";
  return `${value} BETWEEN ${range.min} AND ${range.max}${gap}`;
}

function fieldExpr(spec: FieldSpec, readType: string): string {
  return spec.name === "start" || spec.name === "end"
    ? timestampExpr(spec, readType)
    : typedField(spec, readType);
}

/** How the reader delivers a field: whole numbers as BIGINT, so that a value out of range is seen, not cut. */
function readType(spec: FieldSpec): string {
  return spec.range ? "BIGINT" : SQL_TYPE_OF[spec.type];
}

/** True when a whole-number field holds a value its range allows. */
function valueAllowed(
  spec: FieldSpec,
  kind: ObjectKind,
  parquetType: string | undefined,
): string | undefined {
  if (!spec.range || (kind === "parquet" && parquetType === undefined)) return undefined;
  const c = `r.${quoteIdent(spec.column)}`;
  return `(${c} IS NULL OR ${rangeSql(c, spec.range)})`;
}

function readerSql(shape: LoadBatchShape, paths: readonly string[]): string {
  const list = `[${paths.map(quoteString).join(", ")}]`;
  // Flow log keys look like Hive partitions (aws-region=…/day=…); their values must not become columns.
  if (shape.kind === "parquet")
    return `read_parquet(${list}, union_by_name = true, hive_partitioning = false)`;
  const columns = shape.format.fields.map((f) => `${quoteString(f.column)}: ${quoteString(readType(f))}`);
  if (shape.exportTimestamp) columns.unshift(`${quoteString(EXPORT_TIMESTAMP_COLUMN)}: 'VARCHAR'`);
  return `read_csv(${list}, columns = {${columns.join(", ")}}, delim = ' ', header = ${shape.header}, compression = '${shape.gzip ? "gzip" : "none"}', quote = '', escape = '', nullstr = '-', auto_detect = false, hive_partitioning = false)`;
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
  /** What a refused value does: fail the statement (the fast path), or leave its row out. */
  onRefused: "fail" | "skip" = "fail",
): string {
  const present = new Map(shape.format.fields.map((f) => [storeColumnOf(f), f]));
  const readTypeOf = (spec: FieldSpec) =>
    (shape.kind === "parquet" ? parquetTypes?.get(spec.column) : readType(spec)) ?? SQL_TYPE_OF[spec.type];
  const start = present.get("start_time");
  const unknown = shape.format.fields.filter((f) => f.version === 0);
  const keyDay = perFile(files.map((f) => (f.keyDate ? `DATE ${quoteString(f.keyDate)}` : "NULL::DATE")));
  const derived: Record<string, string | undefined> = {
    extra_fields:
      unknown.length === 0
        ? undefined
        : `json_object(${unknown.map((f) => `${quoteString(f.name)}, r.${quoteIdent(f.column)}`).join(", ")})::VARCHAR`,
    day: start ? `coalesce(CAST(${timestampExpr(start, readTypeOf(start))} AS DATE), ${keyDay})` : keyDay,
    source_id: perFile(files.map((f) => String(f.sourceId))),
  };
  const columns: string[] = [];
  const select: string[] = [];
  for (const column of FLOW_COLUMNS) {
    const spec = column.field ? present.get(column.name) : undefined;
    const expression = spec ? fieldExpr(spec, readTypeOf(spec)) : derived[column.name];
    if (expression === undefined) continue;
    columns.push(quoteIdent(column.name));
    select.push(expression);
  }
  const checks = valueChecks(shape, parquetTypes)
    .filter((c) => c.fast !== false)
    .map((c) => c.allowed);
  const paths = files.map((f) => f.path);
  const refuse = `error(${quoteString(VALUE_REFUSED)} || ${perFile(paths.map(quoteString))})`;
  const allowed = checks.join(" AND ");
  const where =
    checks.length === 0
      ? ""
      : onRefused === "skip"
        ? `\nWHERE ${allowed}`
        : `\nWHERE CASE WHEN ${allowed} THEN true ELSE ${refuse} END`;
  return `INSERT INTO flow_records (${columns.join(", ")}) SELECT\n  ${select.join(",\n  ")}\nFROM (SELECT *, file_index FROM ${readerSql(
    shape,
    paths,
  )}) r${where}`;
}

/** One check of a value: SQL that is true when allowed, and SQL for the reason when refused. */
interface ValueCheck {
  readonly allowed: string;
  readonly reason: string;
  /** False when a later check implies this one: the fast path leaves it out. @default true */
  readonly fast?: boolean;
}

/** A sentence as SQL with `value` where the sentence's marker is: 'before' || value || 'after'. */
function sqlSentence(sentence: (marker: string) => string, value: string): string {
  const [before = "", after = ""] = sentence("\u0000").split("\u0000");
  return `${quoteString(before)} || ${value} || ${quoteString(after)}`;
}

/** The checks that the record is of the shape's kind (records/record-kind.ts), in the decoder's order. */
function kindChecks(shape: LoadBatchShape, parquetTypes?: ReadonlyMap<string, string>): ValueCheck[] {
  const rule = recordKindRule(shape.format);
  const read = (spec: FieldSpec) => shape.kind === "text" || parquetTypes?.get(spec.column) !== undefined;
  const checks: ValueCheck[] = [];
  if (rule.version && read(rule.version.spec)) {
    const c = `r.${quoteIdent(rule.version.spec.column)}`;
    const other = sqlSentence((v) => versionRefusal(rule, v), c);
    const tgw = String(TRANSIT_GATEWAY_VERSION);
    checks.push({
      allowed: `(${c} IS NULL OR ${rangeSql(c, rule.version.allowed)})`,
      reason: inRange(TRANSIT_GATEWAY_VERSION, rule.version.allowed)
        ? other
        : `CASE WHEN ${c} = ${tgw} THEN ${quoteString(versionRefusal(rule, tgw))} ELSE ${other} END`,
    });
  }
  if (rule.interfaceId && read(rule.interfaceId.spec)) {
    const c = `r.${quoteIdent(rule.interfaceId.spec.column)}`;
    checks.push({
      allowed: `(starts_with(${c}, ${quoteString(TRANSIT_GATEWAY_ID_PREFIX)}) IS NOT true)`,
      reason: sqlSentence(interfaceIdRefusal, c),
    });
  }
  return checks;
}

/**
 * Every check of a shape's values, in the order the record decoder makes them, so that a refused Parquet
 * row gets the reason a text line would: the version's range, the record's kind, each whole-number
 * field's range, end against start, control characters.
 */
function valueChecks(shape: LoadBatchShape, parquetTypes?: ReadonlyMap<string, string>): ValueCheck[] {
  const kind = kindChecks(shape, parquetTypes);
  const version = recordKindRule(shape.format).version?.spec;
  const ranges = shape.format.fields.flatMap((spec) => {
    const allowed = valueAllowed(spec, shape.kind, parquetTypes?.get(spec.column));
    if (!allowed || !spec.range) return [];
    const value = `CAST(r.${quoteIdent(spec.column)} AS VARCHAR)`;
    const reason = `${quoteString(`field ${spec.name} must be ${describeRange(spec.range)}, not "`)} || ${value} || '"'`;
    // The version's allowed values are within its range: the kind check implies this one.
    return [{ spec, check: { allowed, reason, fast: !(spec === version && kind.length > 0) } }];
  });
  const checks: ValueCheck[] = [
    ...ranges.filter((r) => r.spec === version).map((r) => r.check),
    ...kind,
    ...ranges.filter((r) => r.spec !== version).map((r) => r.check),
  ];
  const start = shape.format.fields.find((f) => f.name === "start");
  const end = shape.format.fields.find((f) => f.name === "end");
  if (start && end) {
    const seconds = (f: FieldSpec) => {
      const c = `r.${quoteIdent(f.column)}`;
      return `CASE WHEN ${c} >= ${MILLISECONDS_FROM} THEN ${c} // 1000 ELSE ${c} END`;
    };
    const [s, e] = [seconds(start), seconds(end)];
    checks.push({
      allowed: `((${e} >= ${s}) IS NOT false)`,
      reason: `'field end (' || (${e}) || ') is before start (' || (${s}) || ')'`,
    });
  }
  // Parquet text columns hold no control character (a stray CR, a tab, NUL, ESC): one regular expression
  // per row over their concatenation. Text objects had their bytes checked by the content check.
  const text =
    shape.kind === "parquet"
      ? shape.format.fields.filter((f) => !f.range && parquetTypes?.get(f.column) === "VARCHAR")
      : [];
  if (text.length > 0) {
    const joined = `concat(${["''", ...text.map((f) => `r.${quoteIdent(f.column)}`)].join(", ")})`;
    checks.push({
      allowed: `regexp_full_match(${joined}, '[^\\x00-\\x1f\\x7f]*')`,
      reason: quoteString("a text field holds a control character"),
    });
  }
  return checks;
}

/**
 * The quarantine rows of a Parquet object whose values the fast path refused: the row number in the file
 * (from 1), the reason of its first refused value, and the row's catalog fields as JSON.
 */
export function refusedParquetRowsSql(
  shape: LoadBatchShape,
  path: string,
  sourceId: number,
  parquetTypes: ReadonlyMap<string, string>,
): string {
  const checks = valueChecks(shape, parquetTypes);
  const reason = `CASE ${checks.map((c) => `WHEN NOT ${c.allowed} THEN ${c.reason}`).join(" ")} END`;
  const text = `json_object(${shape.format.fields.map((f) => `${quoteString(f.column)}, r.${quoteIdent(f.column)}`).join(", ")})::VARCHAR`;
  return `INSERT INTO rejects
  SELECT ${sourceId}, r.file_row_number + 1, ${reason}, ${text}
  FROM read_parquet(${quoteString(path)}, file_row_number = true, hive_partitioning = false) r
  WHERE NOT (${checks.map((c) => c.allowed).join(" AND ")})`;
}
