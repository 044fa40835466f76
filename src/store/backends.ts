/**
 * The registry of store backends: the one place that lists them and opens a store from the settings.
 * The `store` setting (`--store`, FLOWLENS_STORE, `store:` in the config) picks a backend by its URL's
 * scheme; without it, the DuckDB file `db` (`--db FILE`) is the store. A backend parses and checks its URL
 * (`problem`, used by the settings schema, never echoing a password) and opens it. Tests that must cover
 * every backend loop over BACKENDS.
 */
import type { AwsNetworkSettings } from "../aws/aws-network.js";
import { readSecretKey } from "../secrets/secret-key.js";
import {
  type ClickHouseTarget,
  isClickHouseUrl,
  parseClickHouseUrl,
  redactStoreUrl,
} from "./clickhouse/clickhouse-url.js";
import { DuckDbStore, type OpenStoreOptions } from "./duckdb/duckdb-store.js";
import type { DialectName, Store } from "./store.js";

export interface StoreSettings {
  /** The DuckDB file. */
  readonly db: string;
  /** A store URL (`clickhouse://…`); when absent, the DuckDB file is the store. */
  readonly store?: string;
  readonly aws?: AwsNetworkSettings;
}

export interface StoreBackend {
  readonly name: DialectName;
  /** The URL form, for help and errors. */
  readonly form: string;
  /** Whether the setting names this backend. */
  matches(setting: string): boolean;
  /** What is wrong with the setting, in a sentence without any password; undefined when it is right. */
  problem(setting: string): string | undefined;
}

/** The embedded default: its file is the `db` setting (`--db FILE`), so no store URL names it. */
export const DUCKDB_BACKEND: StoreBackend = {
  name: "duckdb",
  form: "--db FILE",
  matches: () => false,
  problem: () => undefined,
};

export const CLICKHOUSE_BACKEND: StoreBackend = {
  name: "clickhouse",
  form: "clickhouse://user@host:8123/database?cluster=NAME",
  matches: isClickHouseUrl,
  problem: (setting) => {
    const parsed = parseClickHouseUrl(setting);
    return "problem" in parsed ? parsed.problem : undefined;
  },
};

export const BACKENDS: readonly StoreBackend[] = [DUCKDB_BACKEND, CLICKHOUSE_BACKEND];

/** The settings schema's check of `store`. */
export function storeSettingProblem(setting: string): string | undefined {
  const backend = BACKENDS.find((b) => b.matches(setting));
  if (!backend) {
    const urls = BACKENDS.filter((b) => b !== DUCKDB_BACKEND).map((b) => b.form);
    return `expected ${urls.join(" or ")}, got "${redactStoreUrl(setting)}" (the DuckDB file is set with ${DUCKDB_BACKEND.form})`;
  }
  return backend.problem(setting);
}

/** Which backend the settings open. */
export function backendOf(settings: Pick<StoreSettings, "store">): DialectName {
  return settings.store && CLICKHOUSE_BACKEND.matches(settings.store) ? "clickhouse" : "duckdb";
}

export interface OpenOptions extends OpenStoreOptions {
  /** Environment the password is read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** How long one call to a server store may take (ClickHouse's default: 120 s). */
  readonly requestTimeoutMs?: number;
}

/** Opens the store the settings name; a ClickHouse store must have the current schema (`store init`). */
export async function openStore(settings: StoreSettings, options: OpenOptions = {}): Promise<Store> {
  if (backendOf(settings) === "clickhouse") {
    // Loaded only for a ClickHouse store, so the client costs DuckDB users no startup time.
    const { ClickHouseStore } = await import("./clickhouse/clickhouse-store.js");
    const { requireCurrentSchema } = await import("./clickhouse/init-store.js");
    const store = await ClickHouseStore.open(clickHouseTarget(settings), {
      password: await clickHousePassword(settings, options.env),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
    try {
      await requireCurrentSchema(store);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }
  return DuckDbStore.open(settings.db, options);
}

export function clickHouseTarget(settings: Pick<StoreSettings, "store">): ClickHouseTarget {
  const parsed = parseClickHouseUrl(settings.store ?? "");
  // The settings schema has checked the URL already.
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed;
}

/** FLOWLENS_CLICKHOUSE_PASSWORD, else the `password` of the secret the URL names, else none. */
export async function clickHousePassword(
  settings: Pick<StoreSettings, "store" | "aws">,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  // Set to nothing counts as unset, as for every FLOWLENS_* variable.
  const fromEnv = env.FLOWLENS_CLICKHOUSE_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const { secret } = clickHouseTarget(settings);
  if (!secret) return "";
  const value = await readSecretKey(secret, { key: "password", what: "ClickHouse password" }, settings.aws);
  return value.reveal();
}
