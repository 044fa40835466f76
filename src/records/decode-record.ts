/**
 * Decodes one flow log record line into typed values, by the rules every path shares: fields are separated
 * by spaces (runs of them too), `-` and the placeholders the catalog lists for a field (`unknown` in
 * account-id) are NULL, whole-number fields hold plain digits within the range the field catalog gives, a
 * record of another kind is refused (record-kind.ts), and a line with a control character or the wrong
 * number of fields is malformed. A line may also be a JSON object whose string `message` is the record
 * (`{"message": "2 123456789010 eni-…"}`). Files take DuckDB's fast path first (store/duckdb), which
 * refuses anything these rules would not accept; a file it refuses is decoded line by line here, as
 * records that arrive one at a time are.
 */
import { type FieldSpec, MILLISECONDS_FROM, type ValueRange } from "./fields.js";
import type { LogFormat } from "./log-format.js";
import {
  interfaceIdRefusal,
  recordKindRule,
  TRANSIT_GATEWAY_ID_PREFIX,
  versionRefusal,
} from "./record-kind.js";

export type FieldValue = string | number | null;

/** A decoded record, keyed by column name (`account_id`); `start`/`end` are Unix seconds. */
export type FlowRecord = Record<string, FieldValue>;

export type DecodeResult = { ok: true; record: FlowRecord } | { ok: false; reason: string };

/** No flow log record comes near this: the longest, with every field of every version, is about 2 KiB. */
export const MAX_RECORD_LINE_BYTES = 64 * 1024;

const DIGITS = /^\d{1,16}$/;
const SEPARATORS = / +/;
// Tabs, carriage returns, NUL and every other C0 control, and DEL: none belongs in a record.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Times from 10^11 on are milliseconds: some producers write `start`/`end` that way. */
export function normalizeEpochSeconds(value: number): number {
  return value >= MILLISECONDS_FROM ? Math.floor(value / 1000) : value;
}

/** "a whole number from 0 to 65535" — how a field's range reads in a quarantine reason. */
export function describeRange(range: ValueRange): string {
  return range.description ?? `a whole number from ${range.min} to ${range.max}`;
}

/** True when a whole number is one the range allows. */
export function inRange(value: number, range: ValueRange): boolean {
  const inGap = range.gap !== undefined && value > range.gap.above && value < range.gap.below;
  return value >= range.min && value <= range.max && !inGap;
}

function decodeValue(spec: FieldSpec, text: string): FieldValue | Error {
  if (text === "-" || spec.placeholders?.includes(text)) return null;
  if (spec.type === "string" || !spec.range) return text;
  const value = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (!inRange(value, spec.range)) {
    return new Error(`field ${spec.name} must be ${describeRange(spec.range)}, not "${text}"`);
  }
  if (spec.name === "start" || spec.name === "end") return normalizeEpochSeconds(value);
  return value;
}

/** Why the record's fields say it is not a record of this format, or undefined when they do not. */
function kindProblem(format: LogFormat, values: readonly string[]): string | undefined {
  const rule = recordKindRule(format);
  if (rule.version) {
    const version = decodeValue(rule.version.spec, values[rule.version.index] as string);
    if (version instanceof Error) return version.message;
    if (typeof version === "number" && !inRange(version, rule.version.allowed)) {
      return versionRefusal(rule, String(version));
    }
  }
  if (rule.interfaceId) {
    const interfaceId = values[rule.interfaceId.index] as string;
    if (interfaceId.startsWith(TRANSIT_GATEWAY_ID_PREFIX)) return interfaceIdRefusal(interfaceId);
  }
  return undefined;
}

/** Decodes a record line in the given format; a line whose field count differs is malformed. */
export function decodeRecord(format: LogFormat, line: string): DecodeResult {
  if (line.length > MAX_RECORD_LINE_BYTES) {
    return { ok: false, reason: `the line is longer than ${MAX_RECORD_LINE_BYTES} characters` };
  }
  const control = CONTROL_CHARACTER.exec(line);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(2, "0");
    return {
      ok: false,
      reason: `the line holds a control character (0x${code}) at column ${control.index + 1}`,
    };
  }
  const values = line.trim().split(SEPARATORS);
  if (values.length !== format.fields.length) {
    return {
      ok: false,
      reason: `expected ${format.fields.length} fields, found ${values.length}`,
    };
  }
  const kind = kindProblem(format, values);
  if (kind) return { ok: false, reason: kind };
  const record: FlowRecord = {};
  for (let i = 0; i < values.length; i++) {
    const spec = format.fields[i] as FieldSpec;
    const value = decodeValue(spec, values[i] as string);
    if (value instanceof Error) return { ok: false, reason: value.message };
    record[spec.column] = value;
  }
  const { start, end } = record;
  if (typeof start === "number" && typeof end === "number" && end < start) {
    return { ok: false, reason: `field end (${end}) is before start (${start})` };
  }
  return { ok: true, record };
}

/**
 * Decodes one record as it arrives — a line of a file, a record of a stream: the record line itself, or
 * a JSON object whose string `message` is the record (as CloudWatch Logs wraps it), with or without one
 * line ending.
 *
 * @example
 * decodeRecordText(DEFAULT_FORMAT, '{"message": "2 123456789010 eni-0a1 …"}'); // { ok: true, record }
 */
export function decodeRecordText(format: LogFormat, text: string): DecodeResult {
  // A line over the limit is refused as too long before any JSON is parsed.
  if (text.length > MAX_RECORD_LINE_BYTES || !text.trimStart().startsWith("{")) {
    return decodeRecord(format, text);
  }
  let wrapper: unknown;
  try {
    wrapper = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the line starts with "{" but is not JSON' };
  }
  const message = (wrapper as { message?: unknown }).message;
  if (typeof message !== "string") {
    return { ok: false, reason: 'a JSON object without a string "message" field' };
  }
  // One line ending, as a line of a file has before the next.
  return decodeRecord(format, message.replace(/\r?\n$/, ""));
}
