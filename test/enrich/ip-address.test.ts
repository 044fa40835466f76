import { describe, expect, it } from "vitest";
import {
  formatIpAddress,
  type IpAddress,
  type IpPrefix,
  mappedIpv4,
  parseCidr,
  parseIpAddress,
  prefixContains,
} from "../../src/enrich/aws-ip-ranges/ip-address.js";

function ip(text: string): IpAddress {
  const address = parseIpAddress(text);
  if (!address) throw new Error(`test address ${text} does not parse`);
  return address;
}

function cidr(text: string): IpPrefix {
  const prefix = parseCidr(text);
  if (!prefix) throw new Error(`test prefix ${text} does not parse`);
  return prefix;
}

/** Parses and prints back in canonical form, or null. */
const canonical = (text: string) => {
  const address = parseIpAddress(text);
  return address ? formatIpAddress(address) : null;
};

describe("parseIpAddress", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
  ])("reads the IPv4 address %s", (text, expected) => {
    expect(parseIpAddress(text)?.version).toBe(4);
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    ["2600:1f18:0:0:0:0:0:1", "2600:1f18::1"],
    ["2600:1F18::1", "2600:1f18::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["1::", "1::"],
    ["fe80::1:2", "fe80::1:2"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["::ffff:1.2.3.4", "::ffff:102:304"],
    ["0:0:0:0:0:ffff:1.2.3.4", "::ffff:102:304"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
  ])("expands :: and embedded IPv4 in %s", (text, expected) => {
    expect(parseIpAddress(text)?.version).toBe(6);
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    "not-an-ip",
    "",
    "10.0.0",
    "10.0.0.1.2",
    "10.0.0.256",
    "010.0.0.1",
    "10..0.1",
    " 10.0.0.1",
    "10.0.0.1 ",
    "fe80::1%eth0",
    "fe80::1%1",
    "1::2::3",
    ":::",
    ":1::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
    "12345::1",
    "g::1",
    "1:",
    "::ffff:1.2.3.256",
    "::1.2.3.4:5",
    "1:2:3:4:5:6:7:1.2.3.4",
  ])("refuses %j", (text) => {
    expect(parseIpAddress(text)).toBeNull();
  });
});

describe("parseCidr", () => {
  it("reads IPv4 and IPv6 prefixes with their lengths", () => {
    expect(parseCidr("3.5.140.0/22")).toMatchObject({ version: 4, length: 22 });
    expect(parseCidr("2600:1f18::/33")).toMatchObject({ version: 6, length: 33 });
    expect(parseCidr("0.0.0.0/0")).toMatchObject({ version: 4, length: 0 });
  });

  it.each(["3.5.140.0", "3.5.140.0/33", "::/129", "3.5.140.0/-1", "3.5.140.0/2a", "x/8"])(
    "refuses %j",
    (text) => {
      expect(parseCidr(text)).toBeNull();
    },
  );
});

describe("prefixContains", () => {
  const contains = (prefix: string, address: string) => prefixContains(cidr(prefix), ip(address));

  it("tests the network bits only", () => {
    expect(contains("172.16.0.0/12", "172.31.255.255")).toBe(true);
    expect(contains("172.16.0.0/12", "172.32.0.0")).toBe(false);
    expect(contains("fe80::/10", "febf::1")).toBe(true);
    expect(contains("fe80::/10", "fec0::1")).toBe(false);
    expect(contains("0.0.0.0/0", "8.8.8.8")).toBe(true);
  });

  it("never matches across IP versions", () => {
    expect(contains("0.0.0.0/0", "::1")).toBe(false);
  });
});

describe("mappedIpv4", () => {
  it("finds the IPv4 address inside ::ffff:a.b.c.d only", () => {
    const inside = mappedIpv4(ip("::ffff:10.0.0.1"));
    expect(inside && formatIpAddress(inside)).toBe("10.0.0.1");
    expect(mappedIpv4(ip("::1.2.3.4"))).toBeNull();
    expect(mappedIpv4(ip("10.0.0.1"))).toBeNull();
  });
});
