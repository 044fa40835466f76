/**
 * IP addresses and CIDR prefixes as 32-bit words (one for IPv4, four for IPv6, most significant first),
 * parsed by hand because flow logs hold millions of them. Parsing is strict — flow logs and AWS's
 * ip-ranges.json carry canonical forms only — so anything odd (leading zeros, zone ids like
 * `fe80::1%eth0`, spaces) is rejected rather than guessed at.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  /** Unsigned 32-bit words, most significant first: one for IPv4, four for IPv6. */
  readonly words: readonly number[];
}

export interface IpPrefix extends IpAddress {
  /** Network bits. */
  readonly length: number;
}

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** A dotted quad as an unsigned 32-bit number, or -1. */
function parseIpv4Word(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (c < ZERO || c > NINE) return -1;
    // "010" is octal to some parsers and decimal to others: refuse it.
    if (digits > 0 && octet === 0) return -1;
    octet = octet * 10 + (c - ZERO);
    digits++;
    if (octet > 255) return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

const COLON = 58;

function hexDigit(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** The 16-bit groups of an IPv6 address and where `::` stood (-1: nowhere), or null. One pass. */
function parseIpv6Groups(text: string): { groups: number[]; gap: number } | null {
  const n = text.length;
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return null;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let j = i;
    let value = 0;
    for (let digit = hexDigit(text.charCodeAt(j)); j < n && j - i < 5 && digit >= 0; ) {
      value = value * 16 + digit;
      digit = hexDigit(text.charCodeAt(++j));
    }
    if (text.charCodeAt(j) === DOT) {
      // An embedded IPv4 address ends the text and fills the last two groups.
      const v4 = groups.length <= 6 ? parseIpv4Word(text.slice(i)) : -1;
      if (v4 < 0) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
      break;
    }
    if (j === i || j - i > 4 || groups.length === 8) return null;
    groups.push(value);
    if (j === n) break;
    if (text.charCodeAt(j) !== COLON) return null;
    if (text.charCodeAt(j + 1) === COLON) {
      if (gap >= 0) return null;
      gap = groups.length;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === n) return null;
    }
  }
  return { groups, gap };
}

function parseIpv6Words(text: string): number[] | null {
  const parsed = parseIpv6Groups(text);
  if (!parsed) return null;
  const { groups, gap } = parsed;
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) return null;
  const missing = 8 - groups.length;
  const group = (k: number) =>
    (gap < 0 || k < gap ? groups[k] : k < gap + missing ? 0 : groups[k - missing]) ?? 0;
  const words: number[] = [];
  for (let k = 0; k < 8; k += 2) words.push((group(k) * 0x10000 + group(k + 1)) >>> 0);
  return words;
}

/** Parses `10.0.0.1`, `2600:1f18::1` or `::ffff:1.2.3.4`; null for anything else. */
export function parseIpAddress(text: string): IpAddress | null {
  if (text.includes(":")) {
    const words = parseIpv6Words(text);
    return words ? { version: 6, words } : null;
  }
  const word = parseIpv4Word(text);
  return word < 0 ? null : { version: 4, words: [word] };
}

/** Parses `3.5.140.0/22` or `2600:1f18::/33`; null for anything else. */
export function parseCidr(text: string): IpPrefix | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const address = parseIpAddress(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(lengthText)) return null;
  const length = Number(lengthText);
  if (length > (address.version === 4 ? 32 : 128)) return null;
  return { ...address, length };
}

/** Bit `index` of an address, counting from the most significant. */
export function bitAt(address: IpAddress, index: number): number {
  return ((address.words[index >>> 5] ?? 0) >>> (31 - (index & 31))) & 1;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`), else null. */
export function mappedIpv4(address: IpAddress): IpAddress | null {
  const [a, b, c, d] = address.words;
  if (address.version !== 6 || a !== 0 || b !== 0 || c !== 0xffff || d === undefined) return null;
  return { version: 4, words: [d] };
}

/** Whether an address lies inside a prefix of the same IP version. */
export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
  if (prefix.version !== address.version) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (bitAt(prefix, i) !== bitAt(address, i)) return false;
  }
  return true;
}

/** The address as text in canonical form (IPv6 per RFC 5952: lower case, longest zero run as `::`). */
export function formatIpAddress(address: IpAddress): string {
  if (address.version === 4) {
    const w = address.words[0] ?? 0;
    return [w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff].join(".");
  }
  const groups = address.words.flatMap((w) => [w >>> 16, w & 0xffff]);
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}
