/**
 * How the dashboard's API reaches the store inside `flowlens serve`: the server does not hold it open (the
 * spool loader opens it read-write every few seconds), so each reader opens its own read-only instance
 * inside `gate.reading` and closes it before the gate is released; the few writers (building a report
 * classifies new addresses; saving a query) open it read-write inside `gate.writing`. Other processes
 * holding the store make an open wait up to `storeLockWaitSeconds`, then answer 503.
 */
import type { Config } from "../../config/config.js";
import { openSandboxedStore } from "../../sql-sandbox/open-sandboxed-store.js";
import { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import type { StoreGate } from "../store-gate.js";

export class ApiStore {
  constructor(
    readonly config: Config,
    readonly gate: StoreGate,
  ) {}

  private get resources() {
    return {
      memoryLimit: this.config.memoryLimit,
      threads: this.config.threads,
      lockWaitMs: this.config.storeLockWaitSeconds * 1000,
    };
  }

  /** Runs `fn` on a read-only store opened for it. */
  reading<T>(fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
    return this.gate.reading(() =>
      this.using(DuckDbStore.open(this.config.db, { readOnly: true, ...this.resources }), fn),
    );
  }

  /** Runs `fn` on the store opened for user-written SQL (sql-sandbox/). */
  sandboxed<T>(fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
    return this.gate.reading(() => this.using(openSandboxedStore(this.config.db, this.resources), fn));
  }

  /** Runs `fn` on the store opened for writing, with the spool loader and every reader held off. */
  writing<T>(fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
    return this.gate.writing(() => this.using(DuckDbStore.open(this.config.db, this.resources), fn));
  }

  private async using<T>(opening: Promise<DuckDbStore>, fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
    const store = await opening;
    try {
      return await fn(store);
    } finally {
      store.close();
    }
  }
}
