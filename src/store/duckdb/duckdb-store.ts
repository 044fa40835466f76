/**
 * The embedded store: one DuckDB file. Opening it takes DuckDB's file lock, so one process writes at a
 * time; another process gets FLOWLENS_STORE_LOCKED naming the PID that holds it. Commands open the store
 * for as long as they need it and close it.
 */
import { existsSync } from "node:fs";
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { FlowlensError } from "../../errors.js";
import { schemaDdl } from "../schema.js";

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
export type JsonRow = Record<string, unknown>;

export interface OpenStoreOptions {
  /** Open for reading only; fails if the file does not exist. @default false */
  readonly readOnly?: boolean;
  /** DuckDB's memory_limit. @default "1GB" */
  readonly memoryLimit?: string;
  /** DuckDB worker threads. @default the number of cores */
  readonly threads?: number;
}

const LOCK_HOLDER = /Conflicting lock is held in (.*) \(PID (\d+)\)/;

function openError(path: string, error: unknown): FlowlensError {
  const message = error instanceof Error ? error.message : String(error);
  const lock = LOCK_HOLDER.exec(message);
  if (lock) {
    return new FlowlensError("FLOWLENS_STORE_LOCKED", `store ${path} is locked by PID ${lock[2]} (${lock[1]})`, {
      hint: "wait for that process to finish, or stop it, then run the command again",
      cause: error,
    });
  }
  return new FlowlensError("FLOWLENS_STORE_OPEN_FAILED", `cannot open store ${path}: ${message}`, {
    hint: "check that the path is a flowlens DuckDB file and that you may write to its directory",
    cause: error,
  });
}

export class DuckDbStore {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string, options: OpenStoreOptions = {}): Promise<DuckDbStore> {
    if (options.readOnly && !existsSync(path)) {
      throw new FlowlensError("FLOWLENS_STORE_OPEN_FAILED", `store ${path} does not exist`, {
        hint: "ingest some flow logs first (flowlens ingest …, or flowlens demo), or pass --db",
      });
    }
    const config: Record<string, string> = {
      memory_limit: options.memoryLimit ?? "1GB",
      // Rows need no particular order in flows; dropping the guarantee lets large inserts stream.
      preserve_insertion_order: "false",
    };
    if (options.readOnly) config.access_mode = "READ_ONLY";
    if (options.threads) config.threads = String(options.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      throw openError(path, error);
    }
    const store = new DuckDbStore(path, instance, await instance.connect());
    if (!options.readOnly) {
      for (const ddl of schemaDdl()) await store.run(ddl);
    }
    return store;
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as plain objects; BIGINTs become numbers when they are safe integers. */
  async rows<T extends JsonRow = JsonRow>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((row) => {
      const out: JsonRow = {};
      for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
      return out as T;
    });
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

/** Converts DuckDB's JS values to what JSON and tables show: safe bigints as numbers, dates as ISO text. */
export function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}
