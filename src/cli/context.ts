/**
 * What every command receives: the resolved settings and the output channels. Commands print through
 * these and return an exit code; only the entry point ends the process.
 */
import { type Config, loadConfig } from "../config/config.js";
import { openStore } from "../store/backends.js";
import type { OpenStoreOptions } from "../store/duckdb/duckdb-store.js";
import type { Store } from "../store/store.js";

export interface GlobalOptions {
  readonly db?: string;
  readonly store?: string;
  readonly config?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly memoryLimit?: string;
  readonly threads?: string;
  /** A command's own flag for a setting (`report --insights-dir`). */
  readonly insightsDir?: string;
  /** `serve`'s own flags for its settings. */
  readonly host?: string;
  readonly port?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

export interface CliContext {
  readonly config: Config;
  readonly json: boolean;
  readonly verbose: boolean;
  out(text: string): void;
  err(text: string): void;
  /** How opening the store waits while another process holds it (`flowlens serve` loading). */
  readonly storeLockWait: Pick<OpenStoreOptions, "lockWaitMs" | "onLockWait">;
  /** Opens the configured store, whichever backend (store/backends.ts); the caller closes it. */
  openStore(options?: { readOnly?: boolean; mustExist?: boolean }): Promise<Store>;
}

export function createContext(globals: GlobalOptions): CliContext {
  const config = loadConfig({
    file: globals.config,
    flags: {
      db: globals.db,
      store: globals.store,
      memoryLimit: globals.memoryLimit,
      threads: globals.threads,
      insightsDir: globals.insightsDir,
      serve: { host: globals.host, port: globals.port, tlsCert: globals.tlsCert, tlsKey: globals.tlsKey },
    },
  });
  const storeLockWait = {
    lockWaitMs: config.storeLockWaitSeconds * 1000,
    onLockWait: (holder: string) =>
      process.stderr.write(`flowlens: waiting up to ${config.storeLockWaitSeconds} s: ${holder}\n`),
  };
  return {
    config,
    storeLockWait,
    json: Boolean(globals.json),
    verbose: Boolean(globals.verbose),
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    openStore: (options = {}) => openStore(config, duckDbOptions(options)),
  };
  function duckDbOptions(options: { readOnly?: boolean; mustExist?: boolean }): OpenStoreOptions {
    return {
      readOnly: options.readOnly,
      mustExist: options.mustExist,
      memoryLimit: config.memoryLimit,
      threads: config.threads,
      ...storeLockWait,
    };
  }
}

/** Opens the configured store (any backend), runs fn and closes the store whatever happens. */
export async function withStore<T>(
  ctx: CliContext,
  fn: (store: Store) => Promise<T>,
  options: { readOnly?: boolean; mustExist?: boolean } = {},
): Promise<T> {
  const store = await ctx.openStore(options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
