/**
 * Decodes one flow log record line into typed values. Files are parsed by DuckDB (see store/); this decoder
 * is for records that arrive one at a time (CloudWatch Logs events, Firehose) and is the reference the
 * record-format tests hold both paths to.
 */
import type { FieldSpec } from "./fields.js";
import type { LogFormat } from "./log-format.js";

export type FieldValue = string | number | null;

/** A decoded record, keyed by column name (`account_id`); `start`/`end` are Unix seconds. */
export type FlowRecord = Record<string, FieldValue>;

export type DecodeResult = { ok: true; record: FlowRecord } | { ok: false; reason: string };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INTEGER = /^-?\d+$/;

/** Times above 2^31 are milliseconds: some producers write `start`/`end` that way. */
export function normalizeEpochSeconds(value: number): number {
  return value > INT32_MAX ? Math.floor(value / 1000) : value;
}

function decodeValue(spec: FieldSpec, text: string): FieldValue | Error {
  if (text === "-") return null;
  if (spec.type === "string") return text;
  if (!INTEGER.test(text)) return new Error(`field ${spec.name} is not an integer: "${text}"`);
  const value = Number(text);
  if (spec.type === "int32" && (value < INT32_MIN || value > INT32_MAX)) {
    return new Error(`field ${spec.name} is out of 32-bit range: "${text}"`);
  }
  if (!Number.isSafeInteger(value)) return new Error(`field ${spec.name} is too large: "${text}"`);
  if (spec.name === "start" || spec.name === "end") return normalizeEpochSeconds(value);
  return value;
}

/** Decodes a record line in the given format; a line whose field count differs is malformed. */
export function decodeRecord(format: LogFormat, line: string): DecodeResult {
  const values = line.trim().split(" ");
  if (values.length !== format.fields.length) {
    return {
      ok: false,
      reason: `expected ${format.fields.length} fields, found ${values.length}`,
    };
  }
  const record: FlowRecord = {};
  for (let i = 0; i < values.length; i++) {
    const spec = format.fields[i] as FieldSpec;
    const value = decodeValue(spec, values[i] as string);
    if (value instanceof Error) return { ok: false, reason: value.message };
    record[spec.column] = value;
  }
  return { ok: true, record };
}
