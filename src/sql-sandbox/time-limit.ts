/**
 * A query's time limit. DuckDB has no per-query timeout setting, so when the time is up the store (its
 * connection) is interrupted: a running statement then fails with DuckDB's INTERRUPT error, which the sandbox turns
 * into FLOWLENS_QUERY_TIMEOUT; between fetches, `expired` stops the reading.
 */
import { FlowlensError } from "../errors.js";

export class TimeLimit {
  private readonly timer: NodeJS.Timeout;
  #expired = false;

  constructor(
    /** What to interrupt: a store (see store/store.ts) or a DuckDB connection. */
    connection: { interrupt(): void },
    private readonly ms: number,
    private readonly hint = "narrow it: filter on day, or add LIMIT",
  ) {
    this.timer = setTimeout(() => {
      this.#expired = true;
      connection.interrupt();
    }, ms);
    // A query nobody reads to the end must not keep the process alive.
    this.timer.unref();
  }

  get expired(): boolean {
    return this.#expired;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  error(): FlowlensError {
    return queryTimeoutError(this.ms, this.hint);
  }
}

/** The sentence for a query stopped at its time limit, on any backend. */
export function queryTimeoutError(ms: number, hint: string): FlowlensError {
  return new FlowlensError(
    "FLOWLENS_QUERY_TIMEOUT",
    `the query ran longer than its time limit of ${formatSeconds(ms)} and was stopped`,
    { hint },
  );
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
