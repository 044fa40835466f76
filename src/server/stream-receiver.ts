/**
 * Between HTTP and the spool: a delivery is decoded and written durably once; a retry of one already
 * received is answered without storing anything again, and a retry that arrives while the first attempt
 * is still being written waits for that attempt's outcome.
 */
import type { DuplicateSeen } from "../store/duckdb/stream-requests.js";
import { type DeliveryMeta, decodeDelivery } from "./decode-delivery.js";
import type { RequestIndex } from "./request-index.js";
import type { Spool } from "./spool/spool.js";
import type { StreamFormats } from "./stream-formats.js";

export interface Received {
  /** True when the delivery had been received before: nothing was stored. */
  readonly duplicate: boolean;
  readonly flowLines: number;
  readonly refused: number;
}

export class StreamReceiver {
  private readonly inFlight = new Map<string, Promise<Received>>();
  private duplicates: DuplicateSeen[] = [];

  constructor(
    private readonly spool: Spool,
    private readonly index: RequestIndex,
    private readonly formats: StreamFormats,
  ) {}

  async receive(meta: DeliveryMeta, records: readonly unknown[]): Promise<Received> {
    const earlier = this.inFlight.get(meta.key);
    if (this.index.has(meta.key) || earlier) {
      const first = await earlier;
      this.duplicates.push({ key: meta.key, deliveryStream: meta.deliveryStream, at: meta.receivedAt });
      return { duplicate: true, flowLines: first?.flowLines ?? 0, refused: first?.refused ?? 0 };
    }
    const work = this.store(meta, records);
    this.inFlight.set(meta.key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(meta.key);
    }
  }

  private async store(meta: DeliveryMeta, records: readonly unknown[]): Promise<Received> {
    const decoded = decodeDelivery(meta, records, this.formats);
    await this.spool.write(decoded.meta, decoded.files);
    this.index.add(meta.key, meta.receivedAt);
    const flowLines = decoded.files.reduce((sum, f) => sum + f.lines.length, 0);
    return { duplicate: false, flowLines, refused: decoded.meta.refused.length };
  }

  /** The retries answered since the last call (the loader records them in the store). */
  takeDuplicates(): DuplicateSeen[] {
    const taken = this.duplicates;
    this.duplicates = [];
    return taken;
  }
}
