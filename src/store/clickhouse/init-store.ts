/**
 * `flowlens store init` and `store check` on ClickHouse. On a cluster, 18.16's `ON CLUSTER` needs
 * ZooKeeper even for tables that are not replicated, so init runs the shard DDL on each shard itself: the
 * shards are read from `system.clusters` (their addresses), and reached over HTTP on the store URL's port
 * with the same user and password (shards of one cluster share them). Everything is `IF NOT EXISTS`, so
 * init can be run again; the schema version lives in `flowlens_meta` and moves forward by MIGRATIONS.
 */
import { FlowlensError } from "../../errors.js";
import {
  CLICKHOUSE_SCHEMA_VERSION,
  expectedTables,
  homeDdl,
  MIGRATIONS,
  type SchemaLayout,
  shardDdl,
} from "./clickhouse-schema.js";
import { type ClickHouseOpenOptions, ClickHouseStore } from "./clickhouse-store.js";
import type { ClickHouseTarget } from "./clickhouse-url.js";

export interface StoreCheck {
  /** The store's URL as shown. */
  readonly store: string;
  readonly serverVersion: string;
  /** The schema version stored, or null when the store has none. */
  readonly schemaVersion: number | null;
  readonly expectedVersion: number;
  /** Tables and views missing, as `<table>` (home) or `<table> on <shard url>`. */
  readonly missing: readonly string[];
  readonly shards: readonly string[];
  readonly ok: boolean;
}

export function layoutOf(target: ClickHouseTarget): SchemaLayout {
  return target.cluster ? { cluster: target.cluster } : {};
}

/** The shards of the target's cluster as targets of their own (the target alone for a single server). */
export async function shardTargets(home: ClickHouseStore): Promise<ClickHouseTarget[]> {
  const { target } = home;
  if (!target.cluster) return [target];
  const rows = await home.rows<{ shard_num: number; host_address: string }>(
    `SELECT shard_num, any(host_address) AS host_address FROM system.clusters WHERE cluster = $cluster
     GROUP BY shard_num ORDER BY shard_num`,
    { cluster: target.cluster },
  );
  if (rows.length === 0) {
    throw new FlowlensError(
      "FLOWLENS_STORE_SCHEMA",
      `cluster "${target.cluster}" is not in the remote_servers of ClickHouse store ${target.shown}`,
      { hint: "name a cluster the server's config defines (SELECT DISTINCT cluster FROM system.clusters)" },
    );
  }
  const port = new URL(target.endpoint).port;
  const scheme = new URL(target.endpoint).protocol;
  return rows.map((r) => {
    const host = r.host_address.includes(":") ? `[${r.host_address}]` : r.host_address;
    const endpoint = `${scheme}//${host}:${port}`;
    return {
      ...target,
      endpoint,
      shown: target.shown.replace(/\/\/(?:[^@/]*@)?[^/?]+/, `//${target.user}@${host}:${port}`),
    };
  });
}

async function onEachShard<T>(
  home: ClickHouseStore,
  options: ClickHouseOpenOptions,
  fn: (shard: ClickHouseStore) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (const target of await shardTargets(home)) {
    const shard = await ClickHouseStore.open(target, options);
    try {
      results.push(await fn(shard));
    } finally {
      await shard.close();
    }
  }
  return results;
}

async function storedVersion(store: ClickHouseStore): Promise<number | null> {
  const exists = await store.value<number>(
    "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'flowlens_meta'",
  );
  if (!exists) return null;
  const value = await store.value<string | undefined>(
    "SELECT argMax(value, written_at) FROM flowlens_meta WHERE key = 'schema_version'",
  );
  return value ? Number(value) : null;
}

/** Creates the database, the shard tables on every shard and the rest on the home server; migrates forward. */
export async function initClickHouseStore(
  target: ClickHouseTarget,
  options: ClickHouseOpenOptions = {},
): Promise<StoreCheck> {
  const layout = layoutOf(target);
  const home = await ClickHouseStore.open(target, { ...options, createDatabase: true });
  try {
    const before = await storedVersion(home);
    if (before !== null && before > CLICKHOUSE_SCHEMA_VERSION) throw newerSchema(target, before);
    const migrations = MIGRATIONS.filter((m) => before !== null && m.to > before);
    await onEachShard(home, { ...options, createDatabase: true }, async (shard) => {
      for (const ddl of shardDdl(layout)) await shard.run(ddl);
      for (const migration of migrations)
        for (const ddl of migration.shard?.(layout) ?? []) await shard.run(ddl);
    });
    for (const ddl of homeDdl(layout)) await home.run(ddl);
    for (const migration of migrations) for (const ddl of migration.home) await home.run(ddl);
    if (before !== CLICKHOUSE_SCHEMA_VERSION) {
      await home.insertRows("flowlens_meta", [
        { key: "schema_version", value: String(CLICKHOUSE_SCHEMA_VERSION), written_at: nowText() },
      ]);
    }
    return await checkOpenStore(home, options);
  } finally {
    await home.close();
  }
}

/** What is missing or out of date, without changing anything. */
export async function checkClickHouseStore(
  target: ClickHouseTarget,
  options: ClickHouseOpenOptions = {},
): Promise<StoreCheck> {
  const home = await ClickHouseStore.open(target, options);
  try {
    return await checkOpenStore(home, options);
  } finally {
    await home.close();
  }
}

async function checkOpenStore(home: ClickHouseStore, options: ClickHouseOpenOptions): Promise<StoreCheck> {
  const { target } = home;
  const expected = expectedTables(layoutOf(target));
  const tablesOf = async (store: ClickHouseStore) =>
    new Set(
      (
        await store.rows<{ name: string }>(
          "SELECT name FROM system.tables WHERE database = currentDatabase()",
        )
      ).map((r) => r.name),
    );
  const homeTables = await tablesOf(home);
  const missing = expected.home.filter((t) => !homeTables.has(t));
  const shards: string[] = [];
  const shardMissing = await onEachShard(home, options, async (shard) => {
    shards.push(shard.location);
    const tables = await tablesOf(shard);
    return expected.shard
      .filter((t) => !tables.has(t))
      .map((t) => (target.cluster ? `${t} on ${shard.location}` : t));
  }).catch((error: unknown) => {
    if (error instanceof FlowlensError && error.code === "FLOWLENS_STORE_SCHEMA") return [[error.message]];
    throw error;
  });
  missing.push(...shardMissing.flat());
  const schemaVersion = await storedVersion(home);
  return {
    store: target.shown,
    serverVersion: home.dialect.version,
    schemaVersion,
    expectedVersion: CLICKHOUSE_SCHEMA_VERSION,
    missing,
    shards,
    ok: missing.length === 0 && schemaVersion === CLICKHOUSE_SCHEMA_VERSION,
  };
}

/** Refuses a store that is not initialised or not at this flowlens's version (before reading or writing it). */
export async function requireCurrentSchema(store: ClickHouseStore): Promise<void> {
  const version = await storedVersion(store);
  if (version === CLICKHOUSE_SCHEMA_VERSION) return;
  if (version !== null && version > CLICKHOUSE_SCHEMA_VERSION) throw newerSchema(store.target, version);
  throw new FlowlensError(
    "FLOWLENS_STORE_SCHEMA",
    version === null
      ? `ClickHouse store ${store.location} has no flowlens schema`
      : `ClickHouse store ${store.location} has schema version ${version}; this flowlens needs ${CLICKHOUSE_SCHEMA_VERSION}`,
    { hint: `run flowlens store init --store ${store.location}` },
  );
}

function newerSchema(target: ClickHouseTarget, version: number): FlowlensError {
  return new FlowlensError(
    "FLOWLENS_STORE_SCHEMA",
    `ClickHouse store ${target.shown} has schema version ${version}; this flowlens reads versions up to ${CLICKHOUSE_SCHEMA_VERSION}`,
    { hint: "use the flowlens version that wrote it" },
  );
}

export function nowText(): string {
  return new Date().toISOString().slice(0, 19).replace("T", " ");
}
