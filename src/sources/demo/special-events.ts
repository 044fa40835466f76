/**
 * The planned, one-off traffic a detector should find, on top of the everyday mix: the port scan and the
 * large upload (both on the last day, so earlier days are their baseline; planned from the seed alone) and, at every midnight, a few long-lived
 * database connections whose records start before 00:00 and end after it.
 */
import type { AddressBook } from "./address-book.js";
import type { Estate } from "./estate-types.js";
import type { FlowPaths } from "./flow-paths.js";
import { tcpFlow } from "./flow-shape.js";
import { LargeTransfer, type LargeTransferTruth } from "./large-transfer.js";
import { PortScan, type PortScanTruth } from "./port-scan.js";
import type { Random } from "./random.js";

const DAY = 86_400;
const MIDNIGHT_CONNECTIONS = 3;

export interface SpecialEventsTruth {
  readonly portScan: PortScanTruth | null;
  readonly largeTransfer: LargeTransferTruth | null;
}

export class SpecialEvents {
  private readonly scan: PortScan;
  private readonly transfer: LargeTransfer;

  constructor(
    private readonly estate: Estate,
    addresses: AddressBook,
    plan: Random,
    lastDayStart: number,
  ) {
    const w = estate.workloads;
    this.scan = new PortScan(plan, lastDayStart, addresses.scanner, w.sftp);
    const uploader = w.analytics[1] ?? w.reporting;
    this.transfer = new LargeTransfer(plan, lastDayStart, uploader, addresses.bulkDestination);
  }

  /** Writes the special records that end in the minute starting at minuteStart; returns how many. */
  emit(minuteStart: number, paths: FlowPaths, random: Random): number {
    let written = this.scan.emit(minuteStart, paths, random) + this.transfer.emit(minuteStart, paths, random);
    if (minuteStart % DAY === 0) written += this.midnightConnections(minuteStart, paths, random);
    return written;
  }

  truth(): SpecialEventsTruth {
    return { portScan: this.scan.truth() ?? null, largeTransfer: this.transfer.truth() ?? null };
  }

  private midnightConnections(midnight: number, paths: FlowPaths, random: Random): number {
    const w = this.estate.workloads;
    let written = 0;
    for (let i = 0; i < MIDNIGHT_CONNECTIONS; i++) {
      const window = { start: midnight - random.int(5, 45), end: midnight + random.int(1, 14) };
      const shape = tcpFlow(random, window, {
        dstport: 5432,
        requestBytes: random.logUniform(2000, 200_000),
        responseBytes: random.logUniform(5000, 2_000_000),
        established: true,
      });
      written += paths.eastWest(random.pick(w.api), w.dbPrimary, shape);
    }
    return written;
  }
}
