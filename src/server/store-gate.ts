/**
 * Inside `flowlens serve`'s process: many readers of the store at once (the dashboard's API, each with its
 * own read-only DuckDB instance) or one writer (the spool loader), never both. DuckDB's file lock keeps
 * other processes out, but not a second instance in this one, which would read pages the loader is
 * rewriting. A waiting writer goes first: readers that arrive after it wait until it is done.
 */
export class StoreGate {
  private readers = 0;
  private writer = false;
  private writersWaiting = 0;
  private readonly wakers: (() => void)[] = [];

  private wake(): void {
    for (const wake of this.wakers.splice(0)) wake();
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve) => this.wakers.push(resolve));
  }

  async reading<T>(fn: () => Promise<T>): Promise<T> {
    // No await when the gate is open: the count must change in the same turn as the check.
    while (this.writer || this.writersWaiting > 0) await this.wait();
    this.readers++;
    try {
      return await fn();
    } finally {
      this.readers--;
      this.wake();
    }
  }

  async writing<T>(fn: () => Promise<T>): Promise<T> {
    this.writersWaiting++;
    try {
      while (this.writer || this.readers > 0) await this.wait();
    } finally {
      this.writersWaiting--;
    }
    this.writer = true;
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.wake();
    }
  }
}
