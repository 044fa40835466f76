/**
 * The requests a server has durably received in the last `dedupHours` (spooled or already in the store),
 * by the key a retry repeats. Firehose retries a batch with the same request id for up to two hours.
 */
export class RequestIndex {
  private readonly received = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  has(key: string): boolean {
    return this.received.has(key);
  }

  add(key: string, receivedAt: number): void {
    this.received.set(key, receivedAt);
  }

  /** Forgets keys received before the window; insertion order is (nearly) arrival order. */
  prune(now: number): void {
    const before = now - this.windowMs;
    for (const [key, at] of this.received) {
      if (at >= before) break;
      this.received.delete(key);
    }
  }
}
