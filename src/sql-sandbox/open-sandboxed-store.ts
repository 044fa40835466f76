/**
 * The store as user-written SQL sees it: opened read-only, with DuckDB's own guards fixed when the
 * instance is created and locked, so no statement can turn them back on. `runSandboxedQuery` refuses a
 * store that was not opened this way.
 */
import { DuckDbStore } from "../store/duckdb/duckdb-store.js";

export interface SandboxedStoreOptions {
  /** DuckDB's memory_limit. @default DEFAULT_MEMORY_LIMIT (config/duckdb-resources.ts) */
  readonly memoryLimit?: string;
  /** DuckDB worker threads. @default the number of cores */
  readonly threads?: number;
  /**
   * Let DuckDB's file functions (read_csv, read_parquet, read_text, glob …) read local files. Only the CLI
   * offers it, behind an explicit flag; the statement rules still apply, so nothing can be written.
   * @default false
   */
  readonly allowLocalFiles?: boolean;
  /** How long to wait while another process holds the store. @default 0 */
  readonly lockWaitMs?: number;
  readonly onLockWait?: (holder: string) => void;
}

/** The DuckDB settings of a sandboxed store (the store file itself is opened before they apply). */
export function sandboxSettings(allowLocalFiles: boolean): Record<string, string> {
  return {
    // Blocks file functions, COPY, EXPORT, ATTACH, INSTALL and LOAD; DuckDB still spills to <store>.tmp.
    enable_external_access: allowLocalFiles ? "true" : "false",
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    allow_community_extensions: "false",
    allow_unsigned_extensions: "false",
    // Last: SET, RESET and PRAGMA can change nothing after this.
    lock_configuration: "true",
  };
}

/** Opens an existing store for user-written SQL; the caller closes it. */
export function openSandboxedStore(path: string, options: SandboxedStoreOptions = {}): Promise<DuckDbStore> {
  return DuckDbStore.open(path, {
    readOnly: true,
    memoryLimit: options.memoryLimit,
    threads: options.threads,
    lockWaitMs: options.lockWaitMs,
    onLockWait: options.onLockWait,
    settings: sandboxSettings(options.allowLocalFiles ?? false),
  });
}
