/**
 * The Store contract: what insights, reports, trends and the dashboard's API need from a store, whichever
 * backend holds it. A store answers SQL written in its dialect (`rows`, `value`, `run`), can stop the
 * statement it is running (`interrupt`, for time limits: neither DuckDB nor ClickHouse's HTTP client
 * shares one timeout setting), brings its rollups up to date before they are read (`settleRollups`:
 * DuckDB adds pending sums and compacts; ClickHouse's engine maintains them, so it has nothing to do) and
 * says which dialect it speaks and what that dialect can do. Backends are listed in `backends.ts`, the
 * one place that opens a store from a setting.
 *
 * Code that needs more than this (DuckDB's appenders, its parser for the query sandbox) asks for the
 * backend by `requireDuckDb`, which refuses another backend with an error naming the feature.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { FlowlensError } from "../errors.js";
import type { DuckDbStore } from "./duckdb/duckdb-store.js";

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
export type JsonRow = Record<string, unknown>;

export type DialectName = "duckdb" | "clickhouse";

/**
 * What a dialect can do, as plain data. Every flag defaults to false (`NO_CAPABILITIES`), so a new
 * backend or an old server version opts in to each one consciously.
 */
export interface DialectCapabilities {
  /** Several statements commit together or not at all (BEGIN … COMMIT). */
  readonly transactions: boolean;
  /** Window functions (`OVER (…)`). ClickHouse has them from 21.3 on. */
  readonly windowFunctions: boolean;
  /** The daily and hourly rollups are maintained by the engine as rows arrive. */
  readonly engineRollups: boolean;
  /** Temporary tables that live as long as the store is open (DuckDB's, a ClickHouse session's). */
  readonly temporaryTables: boolean;
  /** An `IPv4` column type. ClickHouse has it from 19.3 on. */
  readonly ipv4Type: boolean;
}

export const NO_CAPABILITIES: DialectCapabilities = {
  transactions: false,
  windowFunctions: false,
  engineRollups: false,
  temporaryTables: false,
  ipv4Type: false,
};

export interface StoreDialect {
  readonly name: DialectName;
  /** The server's or library's version, as it reports it. */
  readonly version: string;
  readonly capabilities: DialectCapabilities;
}

export interface Store {
  readonly dialect: StoreDialect;
  /** Where the store is, for messages: a file path, or a URL without its password. */
  readonly location: string;
  /**
   * A store on the same connection whose calls share one server session, so that temporary tables one
   * call makes are read by the next (calls one after another only). A backend whose connection is one
   * session already (DuckDB) has none.
   */
  session?(): Store;
  /**
   * Rows as plain objects: integers as numbers (beyond 2^53 to the nearest double, so that 128-bit sums
   * stay numbers), dates and timestamps as text (`YYYY-MM-DD`, `YYYY-MM-DD hh:mm:ss`).
   */
  rows<T extends JsonRow = JsonRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /** The first column of the first row. */
  value<T = unknown>(sql: string, params?: SqlParams): Promise<T>;
  /** Runs a statement that returns no rows. */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Stops the statement running now; it fails, and the store stays usable. */
  interrupt(): void;
  /** Brings the rollups up to date before insights read them. */
  settleRollups(): Promise<void>;
  close(): void | Promise<void>;
}

/**
 * The store as the embedded DuckDB one, for the features only it has so far; another backend is refused
 * with FLOWLENS_STORE_UNSUPPORTED naming `feature`.
 */
export function requireDuckDb(store: Store, feature: string): DuckDbStore {
  if (store.dialect.name !== "duckdb") {
    throw new FlowlensError(
      "FLOWLENS_STORE_UNSUPPORTED",
      `${feature} is not available on the ${store.dialect.name} store ${store.location} yet`,
      { hint: "use the DuckDB store (--db FILE) for it" },
    );
  }
  return store as DuckDbStore;
}
