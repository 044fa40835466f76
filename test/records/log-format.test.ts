import { describe, expect, it } from "vitest";
import {
  DEFAULT_FORMAT,
  formatFromColumns,
  formatVersion,
  isHeaderLine,
  parseHeaderLine,
  parseLogFormat,
  toHeaderLine,
  toLogFormatString,
} from "../../src/records/log-format.js";

describe("log formats", () => {
  it("the default format is the 14 version-2 fields in AWS's order", () => {
    expect(toHeaderLine(DEFAULT_FORMAT)).toBe(
      "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status",
    );
    expect(formatVersion(DEFAULT_FORMAT)).toBe(2);
  });

  it("parses AWS's LogFormat syntax and reports the highest version among its fields", () => {
    const format = parseLogFormat("${version} ${az-id} ${traffic-path} ${srcaddr}");
    expect(format.fields.map((f) => f.column)).toEqual(["version", "az_id", "traffic_path", "srcaddr"]);
    expect(formatVersion(format)).toBe(5);
  });

  it("a header line and the equivalent LogFormat string give the same format", () => {
    const header = "version account-id pkt-dst-aws-service flow-direction reject-reason";
    expect(parseHeaderLine(header)).toEqual(parseLogFormat(toLogFormatString(parseHeaderLine(header))));
  });

  it("maps Parquet's underscore column names onto the catalog", () => {
    const format = formatFromColumns(["version", "account_id", "log_status", "pkt_srcaddr"]);
    expect(format.fields.map((f) => f.name)).toEqual(["version", "account-id", "log-status", "pkt-srcaddr"]);
    expect(format.unknown).toEqual([]);
  });

  it("keeps unknown field names as text columns and lists them", () => {
    const format = parseHeaderLine("version account-id shiny-new-field");
    expect(format.unknown).toEqual(["shiny-new-field"]);
    expect(format.fields[2]).toMatchObject({ column: "shiny_new_field", type: "string" });
  });

  it("explains a token that is not a ${field}", () => {
    expect(() => parseLogFormat("${version} srcaddr")).toThrow(
      'cannot read the log format "${version} srcaddr": "srcaddr" is not a ${field} token',
    );
  });

  it("refuses a format that names a field twice", () => {
    expect(() => parseLogFormat("${version} ${srcaddr} ${srcaddr}")).toThrow(
      'the log format names the field "srcaddr" twice',
    );
  });

  it("tells header lines from records by their first token", () => {
    expect(isHeaderLine("version account-id interface-id")).toBe(true);
    expect(isHeaderLine("account-id version")).toBe(true);
    expect(isHeaderLine("2 123456789010 eni-1 - - - - - - - 1 2 - NODATA")).toBe(false);
    expect(isHeaderLine("2026-11-20T00:00:01.000Z 2 123456789010 eni-1")).toBe(false);
  });
});
