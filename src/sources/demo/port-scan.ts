/**
 * The one port scan of a demo data set: an internet address touching hundreds of ports of the public
 * SFTP host within a few minutes of the last day. Only port 22 is open (ACCEPT and a SYN-ACK back); every other
 * probe is rejected. What was written is summed for the ground truth.
 */
import type { Eni } from "./estate-types.js";
import type { FlowPaths } from "./flow-paths.js";
import type { FlowShape } from "./flow-shape.js";
import type { Random } from "./random.js";

export interface PortScanTruth {
  readonly sourceAddr: string;
  readonly targetEni: string;
  readonly targetInstance: string;
  readonly targetAddr: string;
  readonly targetAccount: string;
  /** Distinct dstport values of the scan's records. */
  readonly portsTouched: number;
  /** Records of the probes sourceAddr sent (one per port; the target's replies are not counted). */
  readonly records: number;
  readonly rejectedRecords: number;
  readonly acceptedPorts: readonly number[];
  /** Earliest start and latest end of the scan's records, Unix seconds and ISO. */
  readonly firstStart: number;
  readonly lastEnd: number;
  readonly windowStart: string;
  readonly windowEnd: string;
}

const WELL_KNOWN = [
  21, 22, 23, 25, 53, 80, 110, 135, 139, 143, 443, 445, 993, 995, 1433, 1521, 3306, 3389, 5432,
];
const OPEN_PORTS = new Set([22]);

export class PortScan {
  private readonly ports: readonly number[];
  private readonly firstMinute: number;
  private readonly minutes: number;
  private readonly srcport: number;
  private records = 0;
  private rejectedRecords = 0;
  private firstStart = Number.POSITIVE_INFINITY;
  private lastEnd = 0;

  constructor(
    plan: Random,
    dayStart: number,
    private readonly source: string,
    private readonly target: Eni,
  ) {
    const ports = new Set(WELL_KNOWN);
    const count = plan.int(300, 600);
    while (ports.size < count) ports.add(plan.int(1, 10_000));
    this.ports = [...ports].sort((a, b) => a - b);
    this.firstMinute = dayStart + plan.int(60, 1380) * 60;
    this.minutes = plan.int(3, 4);
    this.srcport = plan.int(40_000, 65_000);
  }

  /** Writes the probes that end in the minute starting at minuteStart; returns the records written. */
  emit(minuteStart: number, paths: FlowPaths, random: Random): number {
    const k = (minuteStart - this.firstMinute) / 60;
    if (k < 0 || k >= this.minutes) return 0;
    const from = Math.floor((k * this.ports.length) / this.minutes);
    const to = Math.floor(((k + 1) * this.ports.length) / this.minutes);
    let written = 0;
    for (const port of this.ports.slice(from, to)) {
      const end = minuteStart + random.int(0, 59);
      const open = OPEN_PORTS.has(port);
      const shape: FlowShape = {
        start: end - random.int(0, 1),
        end,
        protocol: 6,
        srcport: this.srcport,
        dstport: port,
        requestPackets: 1,
        requestBytes: 44,
        responsePackets: open ? 1 : 0,
        responseBytes: open ? 44 : 0,
        requestFlags: 2,
        responseFlags: open ? 18 : 0,
      };
      written += paths.fromInternet(this.target, this.source, shape, open ? "ACCEPT" : "REJECT");
      this.records += 1;
      if (!open) this.rejectedRecords += 1;
      this.firstStart = Math.min(this.firstStart, shape.start);
      this.lastEnd = Math.max(this.lastEnd, end);
    }
    return written;
  }

  /** What the scan wrote; undefined when its day was not generated. */
  truth(): PortScanTruth | undefined {
    if (this.records === 0) return undefined;
    return {
      sourceAddr: this.source,
      targetEni: this.target.id,
      targetInstance: this.target.instanceId,
      targetAddr: this.target.privateIp,
      targetAccount: this.target.account,
      portsTouched: this.ports.length,
      records: this.records,
      rejectedRecords: this.rejectedRecords,
      acceptedPorts: this.ports.filter((port) => OPEN_PORTS.has(port)),
      firstStart: this.firstStart,
      lastEnd: this.lastEnd,
      windowStart: new Date(this.firstStart * 1000).toISOString(),
      windowEnd: new Date(this.lastEnd * 1000).toISOString(),
    };
  }
}
