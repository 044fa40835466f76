/**
 * The exact counts the ground truth states for one period (a day, or the whole run), added up record by
 * record as they are written. Small fixed-size counters and maps keyed by AZ pair, subnet, port or probe
 * source, so memory does not grow with the number of records. The rules are spelled out in
 * TRUTH_DEFINITIONS.
 */
import type { FlowRecord } from "./flow-record.js";

const DAY = 86_400;

interface AccountTotals {
  records: number;
  bytes: number;
  packets: number;
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function sorted<K extends string | number>(map: ReadonlyMap<K, number>): Record<string, number> {
  const keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [String(key), map.get(key) ?? 0]));
}

function addInto<K>(target: Map<K, number>, source: ReadonlyMap<K, number>): void {
  for (const [key, value] of source) bump(target, key, value);
}

export class TruthCounters {
  private records = 0;
  private bytes = 0;
  private packets = 0;
  private readonly logStatus = { OK: 0, NODATA: 0, SKIPDATA: 0 };
  private readonly action = { ACCEPT: 0, REJECT: 0 };
  private readonly accounts = new Map<string, AccountTotals>();
  private natProcessedBytes = 0;
  private s3ViaNatBytes = 0;
  private readonly s3ViaNatBytesBySourceSubnet = new Map<string, number>();
  private dynamodbViaNatBytes = 0;
  private readonly dynamodbViaNatBytesBySourceSubnet = new Map<string, number>();
  private s3ViaGatewayEndpointBytes = 0;
  private readonly crossAzBytes = new Map<string, number>();
  private readonly azPairs = new Map<string, Map<string, string>>();
  private internetEgressBytes = 0;
  private internetEgressViaNatBytes = 0;
  private readonly rejectsByDstPort = new Map<number, number>();
  private readonly probesByPort = new Map<number, number>();
  private readonly probesBySource = new Map<string, number>();
  private ipv6Records = 0;
  private icmpRecords = 0;
  private midnightSpanningRecords = 0;

  /** @param isVpcAddress tells the VPC's own addresses from outside ones. */
  constructor(private readonly isVpcAddress: (address: string) => boolean) {}

  count(r: FlowRecord): void {
    const eni = r.eni;
    this.records += 1;
    let account = this.accounts.get(eni.account);
    if (!account) {
      account = { records: 0, bytes: 0, packets: 0 };
      this.accounts.set(eni.account, account);
    }
    account.records += 1;
    if (Math.floor(r.start / DAY) !== Math.floor(r.end / DAY)) this.midnightSpanningRecords += 1;
    this.logStatus[r.logStatus] += 1;
    if (r.logStatus !== "OK") return;

    this.bytes += r.bytes;
    this.packets += r.packets;
    account.bytes += r.bytes;
    account.packets += r.packets;
    this.action[r.action] += 1;
    if (r.ipv6) this.ipv6Records += 1;
    if (r.protocol === 1) this.icmpRecords += 1;
    const egress = r.direction === "egress";
    const onNat = eni.kind === "nat_gateway";

    if (r.action === "REJECT") {
      bump(this.rejectsByDstPort, r.dstport, 1);
      const sshOrRdp = r.dstport === 22 || r.dstport === 3389;
      if (sshOrRdp && !egress && r.pktSrcService === "-" && !this.isVpcAddress(r.srcaddr)) {
        bump(this.probesByPort, r.dstport, 1);
        bump(this.probesBySource, r.srcaddr, 1);
      }
    }
    if (onNat && !egress) {
      this.natProcessedBytes += r.bytes;
      if (r.pktSrcService === "S3" || r.pktDstService === "S3") {
        this.s3ViaNatBytes += r.bytes;
        bump(this.s3ViaNatBytesBySourceSubnet, r.origin.subnet.id, r.bytes);
      } else if (r.pktSrcService === "DYNAMODB" || r.pktDstService === "DYNAMODB") {
        this.dynamodbViaNatBytes += r.bytes;
        bump(this.dynamodbViaNatBytesBySourceSubnet, r.origin.subnet.id, r.bytes);
      }
    }
    if (!onNat) {
      if (egress && r.trafficPath === 7) this.s3ViaGatewayEndpointBytes += r.bytes;
      else if (!egress && r.pktSrcService === "S3" && eni.subnet.routeTable.usesS3Endpoint) {
        this.s3ViaGatewayEndpointBytes += r.bytes;
      }
    }
    if (egress && r.peer && r.peer.subnet.azId !== eni.subnet.azId) {
      bump(this.crossAzBytes, this.azPair(eni.subnet.azId, r.peer.subnet.azId), r.bytes);
    }
    if (egress && r.trafficPath === 8 && r.pktDstService === "-") {
      this.internetEgressBytes += r.bytes;
      if (onNat) this.internetEgressViaNatBytes += r.bytes;
    }
  }

  /** The crossAzBytes key of an AZ pair, made once per pair. */
  private azPair(from: string, to: string): string {
    let byTarget = this.azPairs.get(from);
    if (!byTarget) {
      byTarget = new Map();
      this.azPairs.set(from, byTarget);
    }
    let key = byTarget.get(to);
    if (key === undefined) {
      key = `${from}>${to}`;
      byTarget.set(to, key);
    }
    return key;
  }

  /** Adds another period's counts into this one. */
  add(other: TruthCounters): void {
    this.records += other.records;
    this.bytes += other.bytes;
    this.packets += other.packets;
    for (const key of ["OK", "NODATA", "SKIPDATA"] as const) this.logStatus[key] += other.logStatus[key];
    for (const key of ["ACCEPT", "REJECT"] as const) this.action[key] += other.action[key];
    for (const [id, totals] of other.accounts) {
      const mine = this.accounts.get(id) ?? { records: 0, bytes: 0, packets: 0 };
      mine.records += totals.records;
      mine.bytes += totals.bytes;
      mine.packets += totals.packets;
      this.accounts.set(id, mine);
    }
    this.natProcessedBytes += other.natProcessedBytes;
    this.s3ViaNatBytes += other.s3ViaNatBytes;
    addInto(this.s3ViaNatBytesBySourceSubnet, other.s3ViaNatBytesBySourceSubnet);
    this.dynamodbViaNatBytes += other.dynamodbViaNatBytes;
    addInto(this.dynamodbViaNatBytesBySourceSubnet, other.dynamodbViaNatBytesBySourceSubnet);
    this.s3ViaGatewayEndpointBytes += other.s3ViaGatewayEndpointBytes;
    addInto(this.crossAzBytes, other.crossAzBytes);
    this.internetEgressBytes += other.internetEgressBytes;
    this.internetEgressViaNatBytes += other.internetEgressViaNatBytes;
    addInto(this.rejectsByDstPort, other.rejectsByDstPort);
    addInto(this.probesByPort, other.probesByPort);
    addInto(this.probesBySource, other.probesBySource);
    this.ipv6Records += other.ipv6Records;
    this.icmpRecords += other.icmpRecords;
    this.midnightSpanningRecords += other.midnightSpanningRecords;
  }

  toJSON() {
    const accounts = [...this.accounts.keys()].sort().map((id) => [id, this.accounts.get(id)]);
    let probes = 0;
    for (const n of this.probesByPort.values()) probes += n;
    return {
      records: this.records,
      bytes: this.bytes,
      packets: this.packets,
      logStatus: { ...this.logStatus },
      action: { ...this.action },
      accounts: Object.fromEntries(accounts),
      natProcessedBytes: this.natProcessedBytes,
      s3ViaNatBytes: this.s3ViaNatBytes,
      s3ViaNatBytesBySourceSubnet: sorted(this.s3ViaNatBytesBySourceSubnet),
      dynamodbViaNatBytes: this.dynamodbViaNatBytes,
      dynamodbViaNatBytesBySourceSubnet: sorted(this.dynamodbViaNatBytesBySourceSubnet),
      s3ViaGatewayEndpointBytes: this.s3ViaGatewayEndpointBytes,
      crossAzBytes: sorted(this.crossAzBytes),
      internetEgressBytes: this.internetEgressBytes,
      internetEgressViaNatBytes: this.internetEgressViaNatBytes,
      rejectsByDstPort: sorted(this.rejectsByDstPort),
      sshRdpProbes: {
        total: probes,
        byPort: sorted(this.probesByPort),
        bySource: sorted(this.probesBySource),
      },
      ipv6Records: this.ipv6Records,
      icmpRecords: this.icmpRecords,
      midnightSpanningRecords: this.midnightSpanningRecords,
    };
  }
}
