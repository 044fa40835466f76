/**
 * What every command receives: the resolved settings and the output channels. Commands print through
 * these and return an exit code; only the entry point ends the process.
 */
import { type Config, loadConfig } from "../config/config.js";
import { DuckDbStore } from "../store/duckdb/duckdb-store.js";

export interface GlobalOptions {
  readonly db?: string;
  readonly config?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly memoryLimit?: string;
  readonly threads?: string;
  /** A command's own flag for a setting (`report --insights-dir`). */
  readonly insightsDir?: string;
}

export interface CliContext {
  readonly config: Config;
  readonly json: boolean;
  readonly verbose: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Opens the configured store; the caller closes it. */
  openStore(options?: { readOnly?: boolean; mustExist?: boolean }): Promise<DuckDbStore>;
}

export function createContext(globals: GlobalOptions): CliContext {
  const config = loadConfig({
    file: globals.config,
    flags: {
      db: globals.db,
      memoryLimit: globals.memoryLimit,
      threads: globals.threads,
      insightsDir: globals.insightsDir,
    },
  });
  return {
    config,
    json: Boolean(globals.json),
    verbose: Boolean(globals.verbose),
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    openStore: (options = {}) =>
      DuckDbStore.open(config.db, {
        readOnly: options.readOnly,
        mustExist: options.mustExist,
        memoryLimit: config.memoryLimit,
        threads: config.threads,
      }),
  };
}

/** Opens the store, runs fn and closes the store whatever happens. */
export async function withStore<T>(
  ctx: CliContext,
  fn: (store: DuckDbStore) => Promise<T>,
  options: { readOnly?: boolean; mustExist?: boolean } = {},
): Promise<T> {
  const store = await ctx.openStore(options);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
