/**
 * How the dashboard's API reaches the store inside `flowlens serve`: the server does not hold it open (the
 * spool loader opens it read-write every few seconds), so each reader opens its own read-only instance
 * inside `gate.reading` and closes it before the gate is released; the few writers (building a report
 * classifies new addresses; saving a query) open it read-write inside `gate.writing`. Other processes
 * holding the store make an open wait up to `storeLockWaitSeconds`, then answer 503. At most
 * MAX_OPEN_STORES requests hold a store at once (each DuckDB instance takes the memory limit and the
 * threads), and a read stops at READ_TIME_LIMIT_MS, so no request holds the loader off for long.
 *
 * On a ClickHouse store every open is a client of the server, read-only or not alike (the server holds no
 * lock), and user-written SQL runs with the server as the sandbox (sql-sandbox/run-clickhouse-query.ts).
 */
import pLimit from "p-limit";
import type { Config } from "../../config/config.js";
import { openSandboxedStore } from "../../sql-sandbox/open-sandboxed-store.js";
import type { SandboxedQuery, SandboxedQueryOptions } from "../../sql-sandbox/run-sandboxed-query.js";
import { runSandboxedQuery } from "../../sql-sandbox/run-sandboxed-query.js";
import { queryTimeoutError } from "../../sql-sandbox/time-limit.js";
import { backendOf, openStore } from "../../store/backends.js";
import type { ClickHouseStore } from "../../store/clickhouse/clickhouse-store.js";
import type { Store } from "../../store/store.js";
import type { StoreGate } from "../store-gate.js";

/** Requests that may hold a store at once; the others wait their turn. */
export const MAX_OPEN_STORES = 4;
/** A dashboard read (the explorer's, the days', the operations') stops after this long. */
export const READ_TIME_LIMIT_MS = 60_000;

/** Runs one user-written statement in the sandbox of the store's backend. */
export type RunSandboxed = (sql: string, options: SandboxedQueryOptions) => Promise<SandboxedQuery>;

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

  private open(readOnly: boolean): Promise<Store> {
    return openStore(this.config, { readOnly, ...this.resources });
  }

  /** Runs `fn` on a read-only store opened for it, within the read time limit. */
  reading<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.turns(() =>
      this.gate.reading(() =>
        using(
          () => this.open(true),
          async (store) => {
            let expired = false;
            const timer = setTimeout(() => {
              expired = true;
              store.interrupt();
            }, this.readTimeLimitMs);
            try {
              return await fn(store);
            } catch (error) {
              throw expired
                ? queryTimeoutError(this.readTimeLimitMs, "narrow the period or add filters")
                : error;
            } finally {
              clearTimeout(timer);
            }
          },
        ),
      ),
    );
  }

  /** Runs `fn` with the sandbox for user-written SQL (sql-sandbox/) of the store's backend. */
  sandboxed<T>(fn: (run: RunSandboxed) => Promise<T>): Promise<T> {
    if (backendOf(this.config) === "clickhouse") {
      return this.turns(() =>
        this.gate.reading(() =>
          using(
            () => this.open(true),
            async (store) => {
              const { runClickHouseQuery } = await import("../../sql-sandbox/run-clickhouse-query.js");
              return fn((sql, options) => runClickHouseQuery(store as ClickHouseStore, sql, options));
            },
          ),
        ),
      );
    }
    const open = () => openSandboxedStore(this.config.db, this.resources);
    return this.turns(() =>
      this.gate.reading(() =>
        using(open, (store) => fn((sql, options) => runSandboxedQuery(store, sql, options))),
      ),
    );
  }

  /** Runs `fn` on the store opened for writing, with the spool loader and every reader held off. */
  writing<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.turns(() => this.gate.writing(() => using(() => this.open(false), fn)));
  }
}

async function using<S extends Store, T>(open: () => Promise<S>, fn: (store: S) => Promise<T>): Promise<T> {
  const store = await open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
