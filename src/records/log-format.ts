/**
 * A log format: the ordered fields of one source's records. It comes from AWS's LogFormat syntax
 * (`${version} ${srcaddr} ...`), from the header line of an S3 text object (`version srcaddr ...`), or
 * from the column names of a Parquet object. Fields the catalog does not know are kept as text.
 */
import { FlowlensError } from "../errors.js";
import { DEFAULT_FIELD_NAMES, type FieldSpec, fieldByName, unknownField } from "./fields.js";

export interface LogFormat {
  readonly fields: readonly FieldSpec[];
  /** Names of fields the catalog does not know; their values are kept as text. */
  readonly unknown: readonly string[];
}

function fromNames(names: readonly string[]): LogFormat {
  const fields = names.map((name) => fieldByName(name) ?? unknownField(name));
  const unknown = fields.filter((f) => f.version === 0).map((f) => f.name);
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.column)) {
      throw new FlowlensError("FLOWLENS_FORMAT_INVALID", `the log format names the field "${f.name}" twice`, {
        hint: "each field may appear once in a flow log format",
      });
    }
    seen.add(f.column);
  }
  return { fields, unknown };
}

/** The default format (version 2, 14 fields). */
export const DEFAULT_FORMAT: LogFormat = fromNames(DEFAULT_FIELD_NAMES);

/** Parses AWS's LogFormat syntax: `${version} ${account-id} ...`. */
export function parseLogFormat(text: string): LogFormat {
  const tokens = text.trim().split(/\s+/);
  const names: string[] = [];
  for (const token of tokens) {
    const match = /^\$\{([a-z0-9_-]+)\}$/i.exec(token);
    if (!match?.[1]) {
      throw new FlowlensError(
        "FLOWLENS_FORMAT_INVALID",
        `cannot read the log format "${text}": "${token}" is not a \${field} token`,
        {
          hint: "write the format as AWS does, e.g. '${version} ${account-id} ${interface-id} ${srcaddr} ...'",
        },
      );
    }
    names.push(match[1].toLowerCase());
  }
  return fromNames(names);
}

/** Parses the header line of an S3 text object (`version account-id ...`). */
export function parseHeaderLine(line: string): LogFormat {
  return fromNames(line.trim().split(/ +/));
}

/** Builds a format from Parquet column names (`account_id`, ...). */
export function formatFromColumns(columns: readonly string[]): LogFormat {
  return fromNames(columns);
}

/** True when a text line is a header line rather than a record: its first token is a field name. */
export function isHeaderLine(line: string): boolean {
  const first = line.trimStart().split(" ", 1)[0] ?? "";
  return fieldByName(first) !== undefined;
}

/** The version of a record in this format: the highest version among its fields. */
export function formatVersion(format: LogFormat): number {
  return Math.max(2, ...format.fields.map((f) => f.version));
}

/** The format as AWS's LogFormat string. */
export function toLogFormatString(format: LogFormat): string {
  return format.fields.map((f) => `\${${f.name}}`).join(" ");
}

/** The format as a text header line. */
export function toHeaderLine(format: LogFormat): string {
  return format.fields.map((f) => f.name).join(" ");
}
