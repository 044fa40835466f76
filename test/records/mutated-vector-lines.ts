/**
 * The corpus the byte check is held to: every record vector line (with and without an export timestamp)
 * with each byte replaced by each of a small alphabet, and what a typed reader makes of a line.
 */
import {
  type FieldValue,
  type FlowRecord,
  inRange,
  normalizeEpochSeconds,
} from "../../src/records/decode-record.js";
import { type LogFormat, parseLogFormat } from "../../src/records/log-format.js";
import { recordKindRule, TRANSIT_GATEWAY_ID_PREFIX } from "../../src/records/record-kind.js";
import { VECTORS } from "./vectors.js";

export interface MutatedLine {
  readonly format: LogFormat;
  readonly exportTimestamp: boolean;
  readonly bytes: Uint8Array;
}

// NBSP (c2 a0) is white space to the decoder's trim(); é (c3 a9) is not. `{` may start a JSON line, and
// `6` is a Transit Gateway record's version.
const ALPHABET = ["7", "6", "a", " ", "-", ".", "x", "e", "_", "+", "{", "\t", "\r", "\0", "é", "\u00a0"];
const TIMESTAMP = "2024-05-01T00:00:00.000Z ";
const CORPUS = [
  ...VECTORS.map((v) => ({ format: parseLogFormat(v.format), line: v.line })),
  // A record whose first field is text; one of text fields only (JSON could pass for it), a Transit
  // Gateway record that its mutations turn into VPC records.
  { format: parseLogFormat("${interface-id} ${srcport}"), line: "eni-1 443" },
  { format: parseLogFormat("${interface-id} ${action}"), line: "tgw-1 ACCEPT" },
  // The placeholder account id.
  { format: parseLogFormat("${account-id} ${bytes}"), line: "unknown 10" },
];

export function* mutatedVectorLines(): Generator<MutatedLine> {
  const encoder = new TextEncoder();
  const replacements = ALPHABET.map((r) => encoder.encode(r));
  for (const { format, line } of CORPUS) {
    for (const exportTimestamp of [false, true]) {
      const original = encoder.encode(exportTimestamp ? TIMESTAMP + line : line);
      for (let at = 0; at < original.length; at++) {
        for (const replacement of replacements) {
          const bytes = new Uint8Array(original.length - 1 + replacement.length);
          bytes.set(original.subarray(0, at));
          bytes.set(replacement, at);
          bytes.set(original.subarray(at + 1), at + replacement.length);
          yield { format, exportTimestamp, bytes };
        }
      }
    }
  }
}

/** The record line the careful path decodes: without its export timestamp (as ingest/decode-lines.ts). */
export function carefulPathLine(text: string, exportTimestamp: boolean): string {
  return exportTimestamp ? text.replace(/^\S+ +/, "") : text;
}

/**
 * What a typed reader makes of a record's fields (text, a whole number as text or bigint, or NULL): the
 * record the decoder would give, and whether the fast path's value checks (ranges, end ≥ start, the
 * record's kind) allow it, with placeholders NULL as its SELECT makes them.
 */
export function typedReading(
  format: LogFormat,
  values: readonly (string | bigint | null)[],
): { record: FlowRecord; allowed: boolean } {
  const record: FlowRecord = {};
  let allowed = true;
  format.fields.forEach((spec, i) => {
    const raw = values[i] ?? null;
    let value: FieldValue = typeof raw === "bigint" ? Number(raw) : raw;
    if (typeof value === "string" && spec.placeholders?.includes(value)) value = null;
    if (spec.range && value !== null) {
      const number = Number(value);
      allowed &&= inRange(number, spec.range);
      value = spec.name === "start" || spec.name === "end" ? normalizeEpochSeconds(number) : number;
    }
    record[spec.column] = value;
  });
  const { start, end } = record;
  if (typeof start === "number" && typeof end === "number" && end < start) allowed = false;
  const kind = recordKindRule(format);
  const version = kind.version ? record[kind.version.spec.column] : null;
  if (kind.version && typeof version === "number") allowed &&= inRange(version, kind.version.allowed);
  const interfaceId = kind.interfaceId ? record[kind.interfaceId.spec.column] : null;
  if (typeof interfaceId === "string" && interfaceId.startsWith(TRANSIT_GATEWAY_ID_PREFIX)) allowed = false;
  return { record, allowed };
}
