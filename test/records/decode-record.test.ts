import { describe, expect, it } from "vitest";
import { decodeRecord, decodeRecordText, MAX_RECORD_LINE_BYTES } from "../../src/records/decode-record.js";
import { FIELDS } from "../../src/records/fields.js";
import { DEFAULT_FORMAT, parseLogFormat } from "../../src/records/log-format.js";
import { LOOSE_VECTORS, MALFORMED_VECTORS, VECTORS } from "./vectors.js";

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

  it("rejects a non-integer in an integer field, naming the field and its range", () => {
    const line = "2 1 eni-1 10.0.0.1 10.0.0.2 http 2 6 1 1 1 2 ACCEPT OK";
    expect(decodeRecord(DEFAULT_FORMAT, line)).toEqual({
      ok: false,
      reason: 'field srcport must be a whole number from 0 to 65535, not "http"',
    });
  });

  it("rejects a protocol beyond 255", () => {
    const line = "2 1 eni-1 10.0.0.1 10.0.0.2 1 2 4294967296 1 1 1 2 ACCEPT OK";
    expect(decodeRecord(DEFAULT_FORMAT, line)).toEqual({
      ok: false,
      reason: 'field protocol must be a whole number from 0 to 255, not "4294967296"',
    });
  });

  it("every whole-number field of the catalog has the range of values a record can hold", () => {
    expect(FIELDS.filter((f) => f.type !== "string" && !f.range).map((f) => f.name)).toEqual([]);
  });

  const base = [
    "2",
    "1",
    "eni-1",
    "10.0.0.1",
    "10.0.0.2",
    "40000",
    "443",
    "6",
    "10",
    "1000",
    "1764547200",
    "1764547260",
    "ACCEPT",
    "OK",
  ];
  const withField = (index: number, value: string) => base.map((v, i) => (i === index ? value : v)).join(" ");
  const refused: [string, number, string, string][] = [
    ["negative bytes", 9, "-5", "field bytes must be a whole number from 0 to 1125899906842624"],
    [
      "bytes of 2^63-1",
      9,
      "9223372036854775807",
      "field bytes must be a whole number from 0 to 1125899906842624",
    ],
    ["negative packets", 8, "-1", "field packets must be a whole number from 0 to 1125899906842624"],
    ["a port above 65535", 6, "65536", "field dstport must be a whole number from 0 to 65535"],
    ["a negative port", 5, "-1", "field srcport must be a whole number from 0 to 65535"],
    ["a protocol above 255", 7, "256", "field protocol must be a whole number from 0 to 255"],
    [
      "a start far beyond any time",
      10,
      "99999999999999999",
      "field start must be Unix seconds up to 2100, or milliseconds from 1973 to 2100",
    ],
    [
      "a fractional epoch",
      11,
      "1764547260.5",
      "field end must be Unix seconds up to 2100, or milliseconds from 1973 to 2100",
    ],
    ["hex notation", 9, "0x10", "field bytes must be a whole number from 0 to 1125899906842624"],
    ["exponent notation", 9, "1e3", "field bytes must be a whole number from 0 to 1125899906842624"],
    ["a plus sign", 6, "+443", "field dstport must be a whole number from 0 to 65535"],
    ["digit separators", 9, "1_000", "field bytes must be a whole number from 0 to 1125899906842624"],
    ["version 1", 0, "1", "field version must be a whole number from 2 to 255"],
  ];
  for (const [what, index, value, reason] of refused) {
    it(`refuses ${what}, naming the field, its range and the value`, () => {
      expect(decodeRecord(DEFAULT_FORMAT, withField(index, value))).toEqual({
        ok: false,
        reason: `${reason}, not "${value}"`,
      });
    });
  }

  it("accepts the largest bytes a record can hold and millisecond times up to 2100", () => {
    const decoded = decodeRecord(DEFAULT_FORMAT, withField(9, String(2 ** 50)));
    expect(decoded).toMatchObject({ ok: true, record: { bytes: 2 ** 50 } });
    const at2100 = base.map((v, i) => (i === 10 || i === 11 ? "4102444800000" : v)).join(" ");
    expect(decodeRecord(DEFAULT_FORMAT, at2100)).toMatchObject({ ok: true, record: { start: 4102444800 } });
  });

  it("reads times in seconds past 2038 as seconds, and from 10^11 on as milliseconds", () => {
    const at = (start: string, end: string) =>
      decodeRecord(DEFAULT_FORMAT, base.map((v, i) => (i === 10 ? start : i === 11 ? end : v)).join(" "));
    expect(at("2147483648", "2147483708")).toMatchObject({ record: { start: 2147483648, end: 2147483708 } });
    expect(at("1764547200000", "1764547260999")).toMatchObject({
      record: { start: 1764547200, end: 1764547260 },
    });
  });

  it("refuses a time between 2100 in seconds and 1973 in milliseconds, which is neither", () => {
    expect(decodeRecord(DEFAULT_FORMAT, withField(11, "5000000000"))).toEqual({
      ok: false,
      reason:
        'field end must be Unix seconds up to 2100, or milliseconds from 1973 to 2100, not "5000000000"',
    });
  });

  it("refuses a record whose end is before its start", () => {
    expect(decodeRecord(DEFAULT_FORMAT, withField(11, "1764547100"))).toEqual({
      ok: false,
      reason: "field end (1764547100) is before start (1764547200)",
    });
  });

  it("refuses a line holding a carriage return or another control character, saying where", () => {
    expect(decodeRecord(DEFAULT_FORMAT, withField(12, "ACC\rEPT"))).toEqual({
      ok: false,
      reason: "the line holds a control character (0x0d) at column 74",
    });
    expect(decodeRecord(DEFAULT_FORMAT, base.join("\t"))).toMatchObject({ ok: false });
  });

  it("takes runs of spaces between fields as one separator", () => {
    expect(decodeRecord(DEFAULT_FORMAT, base.join("   "))).toEqual(
      decodeRecord(DEFAULT_FORMAT, base.join(" ")),
    );
    expect(decodeRecord(DEFAULT_FORMAT, base.join(" "))).toMatchObject({ ok: true });
  });

  it("keeps an unknown field's value as text", () => {
    const format = parseLogFormat("${version} ${future-field}");
    expect(decodeRecord(format, "9 abc")).toEqual({ ok: true, record: { version: 9, future_field: "abc" } });
  });
});

describe("decodeRecordText: every way a record arrives", () => {
  for (const vector of [...VECTORS, ...LOOSE_VECTORS]) {
    it(`decodes ${vector.name}`, () => {
      expect(decodeRecordText(parseLogFormat(vector.format), vector.line)).toEqual({
        ok: true,
        record: vector.expected,
      });
    });
  }

  it("refuses a JSON line longer than a record line may be, whatever its message", () => {
    const line = JSON.stringify({ message: VECTORS[0]?.line, padding: "x".repeat(MAX_RECORD_LINE_BYTES) });
    expect(decodeRecordText(DEFAULT_FORMAT, line)).toEqual({
      ok: false,
      reason: `the line is longer than ${MAX_RECORD_LINE_BYTES} characters`,
    });
  });

  for (const vector of MALFORMED_VECTORS) {
    it(`refuses ${vector.name}: "${vector.reason}"`, () => {
      expect(decodeRecordText(parseLogFormat(vector.format), vector.line)).toEqual({
        ok: false,
        reason: vector.reason,
      });
    });
  }
});
