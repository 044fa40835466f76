import { describe, expect, it } from "vitest";
import { decodeRecord } from "../../src/records/decode-record.js";
import { FIELDS } from "../../src/records/fields.js";
import { DEFAULT_FORMAT, parseLogFormat } from "../../src/records/log-format.js";
import { VECTORS } from "./vectors.js";

describe("decodeRecord", () => {
  for (const vector of VECTORS) {
    it(`decodes ${vector.name}`, () => {
      expect(decodeRecord(parseLogFormat(vector.format), vector.line)).toEqual({
        ok: true,
        record: vector.expected,
      });
    });
  }

  it("the vectors cover every field of every version", () => {
    const covered = new Set(VECTORS.flatMap((v) => Object.keys(v.expected)));
    expect(FIELDS.map((f) => f.column).filter((c) => !covered.has(c))).toEqual([]);
    expect(new Set(VECTORS.map((v) => v.expected.version))).toEqual(new Set([2, 3, 4, 5, 6, 7, 8]));
  });

  it("rejects a line with fewer fields than the format", () => {
    expect(decodeRecord(DEFAULT_FORMAT, "2 123456789010 eni-1 10.0.0.1")).toEqual({
      ok: false,
      reason: "expected 14 fields, found 4",
    });
  });

  it("rejects a line with more fields than the format", () => {
    const line = "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK extra";
    expect(decodeRecord(DEFAULT_FORMAT, line)).toEqual({ ok: false, reason: "expected 14 fields, found 15" });
  });

  it("rejects a non-integer in an integer field, naming the field", () => {
    const line = "2 1 eni-1 10.0.0.1 10.0.0.2 http 2 6 1 1 1 2 ACCEPT OK";
    expect(decodeRecord(DEFAULT_FORMAT, line)).toEqual({
      ok: false,
      reason: 'field srcport is not an integer: "http"',
    });
  });

  it("rejects a 32-bit field that overflows", () => {
    const line = "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 4294967296 1 1 1 2 ACCEPT OK";
    expect(decodeRecord(DEFAULT_FORMAT, line)).toEqual({
      ok: false,
      reason: 'field protocol is out of 32-bit range: "4294967296"',
    });
  });

  it("keeps an unknown field's value as text", () => {
    const format = parseLogFormat("${version} ${future-field}");
    expect(decodeRecord(format, "9 abc")).toEqual({ ok: true, record: { version: 9, future_field: "abc" } });
  });
});
