/**
 * The embedded store: one DuckDB file. Opening it takes DuckDB's file lock, so one process writes at a
 * time; another process gets FLOWLENS_STORE_LOCKED naming the PID that holds it. Commands open the store
 * for as long as they need it and close it.
 */
import { existsSync } from "node:fs";
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  version as duckdbVersion,
} from "@duckdb/node-api";
import { DEFAULT_MEMORY_LIMIT } from "../../config/duckdb-resources.js";
import { FlowlensError } from "../../errors.js";
import { SCHEMA_VERSION, schemaDdl } from "../schema.js";
import type { JsonRow, SqlParams, Store, StoreDialect } from "../store.js";
import { ensureFlowTables } from "./flow-tables.js";
import { migrateStore, storedSchemaVersion } from "./migrate-store.js";
import { compactRollups, ensureRollupTables, refreshRollups } from "./rollups.js";

export type { JsonRow, SqlParams };

export interface OpenStoreOptions {
  /** Open for reading only; fails if the file does not exist. @default false */
  readonly readOnly?: boolean;
  /** Fail if the file does not exist rather than create it. @default readOnly */
  readonly mustExist?: boolean;
  /** DuckDB's memory_limit. @default DEFAULT_MEMORY_LIMIT (config/duckdb-resources.ts) */
  readonly memoryLimit?: string;
  /** DuckDB worker threads. @default the number of cores */
  readonly threads?: number;
  /**
   * Further DuckDB settings fixed when the instance is created (the query sandbox's, see
   * `sql-sandbox/`); applied after the ones above. @default none
   */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * How long to keep trying while another process holds the store (`flowlens serve` holds it for a
   * second or two at a time while it loads). @default 0: fail at once with FLOWLENS_STORE_LOCKED
   */
  readonly lockWaitMs?: number;
  /** Called once when the open starts waiting for the lock, with the holder's description. */
  readonly onLockWait?: (holder: string) => void;
}

const LOCK_HOLDER = /Conflicting lock is held in (.*) \(PID (\d+)\)/;

function openError(path: string, error: unknown): FlowlensError {
  const message = error instanceof Error ? error.message : String(error);
  const lock = LOCK_HOLDER.exec(message);
  if (lock) {
    return new FlowlensError(
      "FLOWLENS_STORE_LOCKED",
      `store ${path} is locked by PID ${lock[2]} (${lock[1]})`,
      {
        hint: "wait for that process to finish, or stop it, then run the command again",
        cause: error,
      },
    );
  }
  return new FlowlensError("FLOWLENS_STORE_OPEN_FAILED", `cannot open store ${path}: ${message}`, {
    hint: "check that the path is a flowlens DuckDB file and that you may write to its directory",
    cause: error,
  });
}

const LOCK_RETRY_MS = 50;

/** Creates the instance, trying again for up to `lockWaitMs` while another process holds the file's lock. */
async function createWaitingForLock(
  path: string,
  config: Record<string, string>,
  options: OpenStoreOptions,
): Promise<DuckDBInstance> {
  const deadline = Date.now() + (options.lockWaitMs ?? 0);
  let told = false;
  for (;;) {
    try {
      return await DuckDBInstance.create(path, config);
    } catch (error) {
      const failure = openError(path, error);
      if (failure.code !== "FLOWLENS_STORE_LOCKED" || Date.now() >= deadline) throw failure;
      if (!told) options.onLockWait?.(failure.message);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

/** A store written by a newer flowlens is refused rather than half understood. */
async function checkSchemaVersion(store: DuckDbStore): Promise<void> {
  const version = await storedSchemaVersion(store);
  if (version !== null && version > SCHEMA_VERSION) {
    throw new FlowlensError(
      "FLOWLENS_STORE_OPEN_FAILED",
      `store ${store.path} has schema version ${version}; this flowlens reads versions up to ${SCHEMA_VERSION}`,
      { hint: "use the flowlens version that wrote it, or ingest into a new store with --db" },
    );
  }
}

/** DuckDB's dialect: what its SQL can do. */
export const DUCKDB_DIALECT: StoreDialect = {
  name: "duckdb",
  version: duckdbVersion(),
  capabilities: {
    transactions: true,
    windowFunctions: true,
    engineRollups: false,
    temporaryTables: true,
    ipv4Type: false,
  },
};

export class DuckDbStore implements Store {
  readonly dialect = DUCKDB_DIALECT;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string, options: OpenStoreOptions = {}): Promise<DuckDbStore> {
    if ((options.mustExist ?? options.readOnly) && !existsSync(path)) {
      throw new FlowlensError("FLOWLENS_STORE_OPEN_FAILED", `store ${path} does not exist`, {
        hint: "ingest some flow logs first (flowlens ingest …, or flowlens demo), or pass --db",
      });
    }
    const config: Record<string, string> = {
      memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
      // Rows need no particular order in flows; dropping the guarantee lets large inserts stream.
      preserve_insertion_order: "false",
      // The allocator hands freed memory back to the system as it goes: without it a 30 M-record ingest
      // peaked at 0.9–1.2 GiB, rising chunk by chunk; with it at 0.89–0.94 GiB (BENCHMARKS.md).
      allocator_background_threads: "true",
    };
    if (options.readOnly) config.access_mode = "READ_ONLY";
    if (options.threads) config.threads = String(options.threads);
    Object.assign(config, options.settings);
    const instance = await createWaitingForLock(path, config, options);
    let store: DuckDbStore | undefined;
    try {
      store = new DuckDbStore(path, instance, await instance.connect());
      await checkSchemaVersion(store);
      if (!options.readOnly) {
        for (const ddl of schemaDdl()) await store.run(ddl);
        await ensureFlowTables(store);
        await ensureRollupTables(store);
        await migrateStore(store);
      }
    } catch (error) {
      store?.connection.closeSync();
      instance.closeSync();
      throw error instanceof FlowlensError ? error : openError(path, error);
    }
    return store;
  }

  get location(): string {
    return this.path;
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params);
  }

  interrupt(): void {
    this.connection.interrupt();
  }

  /** Days an interrupted ingest left unsummarised are caught up, and days in several parts compacted. */
  async settleRollups(): Promise<void> {
    await refreshRollups(this);
    await compactRollups(this);
  }

  /**
   * Rows as plain objects: integers as numbers (beyond 2^53 to the nearest double, so that sums of
   * 128-bit rollups stay numbers), dates and timestamps as text.
   */
  async rows<T extends JsonRow = JsonRow>(sql: string, params?: SqlParams): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }

  /** The column names and rows of a query (see rows()). */
  async query<T extends JsonRow = JsonRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<{ columns: string[]; rows: T[] }> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const toRows = plainRows(reader.columnNames(), reader.columnTypes(), "nearest");
    return { columns: reader.columnNames(), rows: toRows(reader.getRowObjectsJson()) as T[] };
  }

  /** The first column of the first row. */
  async value<T = unknown>(sql: string, params?: SqlParams): Promise<T> {
    const [row] = await this.rows(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /** Runs fn in one transaction: all of it commits, or none of it. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await fn();
      await this.run("COMMIT");
      return result;
    } catch (error) {
      await this.run("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Integer types DuckDB's JSON conversion renders as text. */
const WIDE_INTEGER_TYPES = new Set(["BIGINT", "HUGEINT", "UBIGINT", "UHUGEINT"]);

/**
 * Turns DuckDB's JSON row objects into the store's plain rows for a result with these columns; used for
 * whole results here and chunk by chunk by the query sandbox. Integers beyond 2^53 stay exact text, or
 * become the nearest number (for insights, whose sums may pass 2^63 and must still be numbers).
 */
export function plainRows(
  columnNames: readonly string[],
  columnTypes: readonly DuckDBType[],
  beyondSafeIntegers: "text" | "nearest" = "text",
): (rows: Record<string, unknown>[]) => JsonRow[] {
  const wideIntegers = columnNames.filter((_, i) => WIDE_INTEGER_TYPES.has(columnTypes[i]?.toString() ?? ""));
  return (rows) =>
    rows.map((row) => {
      for (const name of wideIntegers) {
        const value = row[name];
        if (typeof value !== "string") continue;
        const number = Number(value);
        if (beyondSafeIntegers === "nearest" || Number.isSafeInteger(number)) row[name] = number;
      }
      return row;
    });
}
