/**
 * Finds the AWS prefix an address belongs to without scanning every prefix: a binary trie per IP
 * version, walked bit by bit from the most significant. A lookup costs at most 32 (IPv4) or 128 (IPv6)
 * steps and usually far fewer, since a walk ends where no AWS prefix continues.
 *
 * Which entry wins: AWS lists a prefix once per service, with `AMAZON` as the umbrella entry. Any other
 * service beats `AMAZON`; among those, the longest prefix wins; on one prefix listed for two services,
 * `EC2` (AWS's second umbrella, covering whole regional blocks) loses to the other one, then the
 * alphabetically first wins, so the answer never depends on the file's order.
 */
import { bitAt, type IpAddress, type IpPrefix, parseCidr } from "./ip-address.js";

/** One entry of AWS's ip-ranges.json. */
export interface AwsPrefix {
  /** `3.5.140.0/22` or `2600:1f18::/33` */
  readonly prefix: string;
  readonly region: string;
  readonly service: string;
  readonly networkBorderGroup?: string | null;
}

const UMBRELLA_SERVICE = "AMAZON";
const SECOND_UMBRELLA_SERVICE = "EC2";

/** Negative when a is the better entry for the same prefix. */
function compareEntries(a: AwsPrefix, b: AwsPrefix): number {
  const rank = (p: AwsPrefix) =>
    p.service === UMBRELLA_SERVICE ? 2 : p.service === SECOND_UMBRELLA_SERVICE ? 1 : 0;
  return rank(a) - rank(b) || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0);
}

/** A binary trie in typed arrays: node 0 is the root; a child index of 0 means no child. */
class PrefixTrie {
  private children = new Int32Array(2048);
  private readonly entries: (AwsPrefix | undefined)[] = [undefined];

  insert(prefix: IpPrefix, entry: AwsPrefix): void {
    let node = 0;
    for (let i = 0; i < prefix.length; i++) {
      const slot = node * 2 + bitAt(prefix, i);
      let child = this.children[slot] ?? 0;
      if (child === 0) {
        child = this.entries.length;
        this.entries.push(undefined);
        if (child * 2 + 1 >= this.children.length) this.grow();
        this.children[slot] = child;
      }
      node = child;
    }
    const current = this.entries[node];
    if (!current || compareEntries(entry, current) < 0) this.entries[node] = entry;
  }

  /** The longest non-umbrella entry on the address's path, else the longest umbrella entry. */
  lookup(address: IpAddress, bits: number): AwsPrefix | undefined {
    let umbrella: AwsPrefix | undefined;
    let specific: AwsPrefix | undefined;
    let node = 0;
    for (let i = 0; ; i++) {
      const entry = this.entries[node];
      if (entry) {
        if (entry.service === UMBRELLA_SERVICE) umbrella = entry;
        else specific = entry;
      }
      if (i === bits) break;
      node = this.children[node * 2 + bitAt(address, i)] ?? 0;
      if (node === 0) break;
    }
    return specific ?? umbrella;
  }

  private grow(): void {
    const bigger = new Int32Array(this.children.length * 2);
    bigger.set(this.children);
    this.children = bigger;
  }
}

export class AwsPrefixIndex {
  private readonly ipv4 = new PrefixTrie();
  private readonly ipv6 = new PrefixTrie();
  /** How many entries were indexed. */
  readonly count: number;

  private constructor(prefixes: readonly AwsPrefix[]) {
    for (const entry of prefixes) {
      const cidr = parseCidr(entry.prefix);
      if (!cidr) throw new Error(`not a CIDR prefix: ${JSON.stringify(entry.prefix)}`);
      (cidr.version === 4 ? this.ipv4 : this.ipv6).insert(cidr, entry);
    }
    this.count = prefixes.length;
  }

  /** Indexes AWS prefixes (both IP versions). Throws on an entry that is not a CIDR prefix. */
  static build(prefixes: readonly AwsPrefix[]): AwsPrefixIndex {
    return new AwsPrefixIndex(prefixes);
  }

  /** The winning entry for an address (see the module comment), or undefined outside AWS's ranges. */
  lookup(address: IpAddress): AwsPrefix | undefined {
    return address.version === 4 ? this.ipv4.lookup(address, 32) : this.ipv6.lookup(address, 128);
  }
}
