/**
 * Keeps calls to an API within a requests-per-second quota: at most `limit` requests start in any window
 * of `windowMs`. Callers wait their turn in order; nothing is dropped.
 */
import { setTimeout as sleep } from "node:timers/promises";

export class RequestPacer {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param limit requests per window
   * @param windowMs the window's length in milliseconds
   */
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Resolves when one more request may start, and counts it as started. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn;
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const now = performance.now();
      while (this.starts.length > 0 && now - (this.starts[0] ?? now) >= this.windowMs) this.starts.shift();
      const oldest = this.starts[0];
      if (this.starts.length < this.limit || oldest === undefined) {
        this.starts.push(now);
        return;
      }
      await sleep(Math.ceil(this.windowMs - (now - oldest)));
    }
  }
}
