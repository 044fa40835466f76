/**
 * How the dashboard's API reaches the store inside `flowlens serve`: the server does not hold it open (the
 * spool loader opens it read-write every few seconds), so each reader opens its own read-only instance
 * inside `gate.reading` and closes it before the gate is released; the few writers (building a report
 * classifies new addresses; saving a query) open it read-write inside `gate.writing`. Other processes
 * holding the store make an open wait up to `storeLockWaitSeconds`, then answer 503. At most
 * MAX_OPEN_STORES requests hold a store at once (each DuckDB instance takes the memory limit and the
 * threads), and a read stops at READ_TIME_LIMIT_MS, so no request holds the loader off for long.
 */
import pLimit from "p-limit";
import type { Config } from "../../config/config.js";
import { openSandboxedStore } from "../../sql-sandbox/open-sandboxed-store.js";
import { TimeLimit } from "../../sql-sandbox/time-limit.js";
import { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import type { StoreGate } from "../store-gate.js";

/** Requests that may hold a store at once; the others wait their turn. */
export const MAX_OPEN_STORES = 4;
/** A dashboard read (the explorer's, the days', the operations') stops after this long. */
export const READ_TIME_LIMIT_MS = 60_000;

export class ApiStore {
  private readonly turns = pLimit(MAX_OPEN_STORES);

  constructor(
    readonly config: Config,
    readonly gate: StoreGate,
    private readonly readTimeLimitMs = READ_TIME_LIMIT_MS,
  ) {}

  private get resources() {
    return {
      memoryLimit: this.config.memoryLimit,
      threads: this.config.threads,
      lockWaitMs: this.config.storeLockWaitSeconds * 1000,
    };
  }

  /** Runs `fn` on a read-only store opened for it, within the read time limit. */
  reading<T>(fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
    const open = () => DuckDbStore.open(this.config.db, { readOnly: true, ...this.resources });
    return this.turns(() =>
      this.gate.reading(() =>
        using(open, async (store) => {
          const limit = new TimeLimit(
            store.connection,
            this.readTimeLimitMs,
            "narrow the period or add filters",
          );
          try {
            return await fn(store);
          } catch (error) {
            throw limit.expired ? limit.error() : error;
          } finally {
            limit.stop();
          }
        }),
      ),
    );
  }

  /** Runs `fn` on the store opened for user-written SQL (sql-sandbox/). */
  sandboxed<T>(fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
    const open = () => openSandboxedStore(this.config.db, this.resources);
    return this.turns(() => this.gate.reading(() => using(open, fn)));
  }

  /** Runs `fn` on the store opened for writing, with the spool loader and every reader held off. */
  writing<T>(fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
    const open = () => DuckDbStore.open(this.config.db, this.resources);
    return this.turns(() => this.gate.writing(() => using(open, fn)));
  }
}

async function using<T>(
  open: () => Promise<DuckDbStore>,
  fn: (store: DuckDbStore) => Promise<T>,
): Promise<T> {
  const store = await open();
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
