/**
 * The one unusually large upload of a demo data set: a few GiB from one private instance to one internet
 * address through the NAT gateway (in another AZ), spread over one hour of the last day on one connection.
 */
import type { Eni } from "./estate-types.js";
import type { FlowPaths } from "./flow-paths.js";
import type { Random } from "./random.js";

export interface LargeTransferTruth {
  readonly sourceEni: string;
  readonly sourceInstance: string;
  readonly sourceAccount: string;
  readonly sourceAddr: string;
  readonly sourceSubnet: string;
  readonly destinationAddr: string;
  readonly destinationPort: number;
  /** Sum of bytes of the source ENI's egress records to the destination (the upload, counted once). */
  readonly bytes: number;
  readonly packets: number;
  /** All records the transfer wrote: two on the source ENI and four on the NAT ENI per minute. */
  readonly records: number;
  readonly hourStart: string;
  readonly hourEnd: string;
}

const HOUR = 3600;
const GIB = 2 ** 30;
const ACK_BYTES = 52;

export class LargeTransfer {
  private readonly hourStart: number;
  private readonly totalBytes: number;
  private readonly srcport: number;
  private bytes = 0;
  private packets = 0;
  private records = 0;

  constructor(
    plan: Random,
    dayStart: number,
    private readonly source: Eni,
    private readonly destination: string,
  ) {
    this.hourStart = dayStart + plan.int(0, 23) * HOUR;
    this.totalBytes = plan.int(3 * GIB, 5 * GIB);
    this.srcport = plan.int(32_768, 60_999);
  }

  /** Writes the minute's share of the upload; returns the records written. */
  emit(minuteStart: number, paths: FlowPaths, random: Random): number {
    if (minuteStart < this.hourStart || minuteStart >= this.hourStart + HOUR) return 0;
    const first = minuteStart === this.hourStart;
    const last = minuteStart === this.hourStart + HOUR - 60;
    const bytes = Math.round((this.totalBytes / 60) * (0.85 + 0.3 * random.float()));
    const requestPackets = Math.ceil(bytes / 1400);
    const responsePackets = Math.ceil(requestPackets / 2);
    const flags = 24 | (first ? 2 : 0) | (last ? 1 : 0);
    const written = paths.viaNat(this.source, this.destination, "-", {
      start: minuteStart,
      end: minuteStart + 59,
      protocol: 6,
      srcport: this.srcport,
      dstport: 443,
      requestPackets,
      requestBytes: bytes,
      responsePackets,
      responseBytes: responsePackets * ACK_BYTES,
      requestFlags: flags,
      responseFlags: first ? flags | 16 : flags,
    });
    this.bytes += bytes;
    this.packets += requestPackets;
    this.records += written;
    return written;
  }

  /** What the transfer wrote; undefined when its day was not generated. */
  truth(): LargeTransferTruth | undefined {
    if (this.records === 0) return undefined;
    return {
      sourceEni: this.source.id,
      sourceInstance: this.source.instanceId,
      sourceAccount: this.source.account,
      sourceAddr: this.source.privateIp,
      sourceSubnet: this.source.subnet.id,
      destinationAddr: this.destination,
      destinationPort: 443,
      bytes: this.bytes,
      packets: this.packets,
      records: this.records,
      hourStart: new Date(this.hourStart * 1000).toISOString(),
      hourEnd: new Date((this.hourStart + HOUR) * 1000).toISOString(),
    };
  }
}
