import { describe, expect, it } from "vitest";
import { parseCreateDate, parseIpRangesFile } from "../../src/enrich/aws-ip-ranges/ip-ranges-file.js";
import { FlowlensError } from "../../src/errors.js";
import { SNAPSHOT_CREATE_DATE, SNAPSHOT_PATH, snapshotText } from "./aws-ip-ranges-snapshot.js";

const minimal = {
  syncToken: "1",
  createDate: "2026-08-22-15-17-05",
  prefixes: [
    {
      ip_prefix: "3.5.140.0/22",
      region: "ap-northeast-2",
      service: "AMAZON",
      network_border_group: "ap-northeast-2",
    },
  ],
  ipv6_prefixes: [
    { ipv6_prefix: "2600:1f18::/33", region: "us-east-1", service: "EC2", network_border_group: "us-east-1" },
  ],
};

function errorOf(text: string): FlowlensError {
  try {
    parseIpRangesFile(text, "test.json");
  } catch (error) {
    if (error instanceof FlowlensError) return error;
    throw error;
  }
  throw new Error("expected parseIpRangesFile to throw");
}

describe("parseIpRangesFile", () => {
  it("reads the fixture cut from the 2026-08-22 file: 2,440 IPv4 and 890 IPv6 prefixes", () => {
    const file = parseIpRangesFile(snapshotText(), SNAPSHOT_PATH);
    expect(file.createDate).toBe(SNAPSHOT_CREATE_DATE);
    expect(file.syncToken).toBe("1787411825");
    expect(file.ipv4).toHaveLength(2_440);
    expect(file.ipv6).toHaveLength(890);
    expect(file.ipv4[0]).toEqual({
      prefix: "3.4.12.4/32",
      region: "eu-west-1",
      service: "AMAZON",
      networkBorderGroup: "eu-west-1",
    });
  });

  it("ignores fields AWS may add", () => {
    const file = parseIpRangesFile(JSON.stringify({ ...minimal, newField: 1 }), "test.json");
    expect(file.ipv6[0]?.prefix).toBe("2600:1f18::/33");
  });

  it("names text that is not JSON", () => {
    const error = errorOf("<html>rate limited</html>");
    expect(error.code).toBe("FLOWLENS_IP_RANGES_INVALID");
    expect(error.message).toMatch(/^test\.json is not JSON: /);
    expect(error.hint).toBe(
      "download it again from https://ip-ranges.amazonaws.com/ip-ranges.json (or run flowlens ip-ranges update without --file)",
    );
  });

  it("names a malformed createDate and the value given", () => {
    expect(errorOf(JSON.stringify({ ...minimal, createDate: "2026-08-22T15:17:05Z" })).message).toBe(
      'test.json is not a valid AWS ip-ranges.json: createDate: expected a UTC time as YYYY-MM-DD-hh-mm-ss, e.g. 2026-08-22-15-17-05, got "2026-08-22T15:17:05Z"',
    );
  });

  it("names the entry whose prefix is not a CIDR of its IP version", () => {
    const prefixes = [...minimal.prefixes, { ...minimal.prefixes[0], ip_prefix: "2600:1f18::/33" }];
    expect(errorOf(JSON.stringify({ ...minimal, prefixes })).message).toBe(
      'test.json is not a valid AWS ip-ranges.json: prefixes[1].ip_prefix: expected an IPv4 CIDR prefix such as 3.5.140.0/22, got "2600:1f18::/33"',
    );
  });

  it("names missing fields", () => {
    const { ipv6_prefixes: _, ...withoutIpv6 } = minimal;
    const ipv6 = [{ ipv6_prefix: "2600:1f18::/33", service: "EC2", network_border_group: "x" }];
    expect(errorOf(JSON.stringify(withoutIpv6)).message).toBe(
      "test.json is not a valid AWS ip-ranges.json: ipv6_prefixes: Invalid input: expected array, received undefined",
    );
    expect(errorOf(JSON.stringify({ ...minimal, ipv6_prefixes: ipv6 })).message).toBe(
      "test.json is not a valid AWS ip-ranges.json: ipv6_prefixes[0].region: Invalid input: expected string, received undefined",
    );
  });

  it("shows the first three problems and counts the rest", () => {
    const prefixes = Array.from({ length: 5 }, () => ({ ...minimal.prefixes[0], ip_prefix: "x" }));
    expect(errorOf(JSON.stringify({ ...minimal, prefixes })).message).toMatch(/; and 2 more problem\(s\)$/);
  });

  it("refuses a file without IPv4 prefixes", () => {
    expect(errorOf(JSON.stringify({ ...minimal, prefixes: [] })).message).toMatch(
      /^test\.json is not a valid AWS ip-ranges\.json: prefixes: /,
    );
  });
});

describe("parseCreateDate", () => {
  it("turns AWS's createDate into ISO 8601 UTC", () => {
    expect(parseCreateDate("2026-08-22-15-17-05")).toBe("2026-08-22T15:17:05Z");
  });

  it.each(["2026-02-30-00-00-00", "2026-08-22-24-00-00", "2026-08-22 15:17:05", "2026-8-22-15-17-05"])(
    "refuses %j",
    (text) => {
      expect(parseCreateDate(text)).toBeNull();
    },
  );
});
