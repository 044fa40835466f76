/**
 * The AWS IP ranges in the store: `aws_ip_ranges` (one row per prefix and service, as AWS lists them) and
 * `aws_ip_ranges_source` (one row: which file the current set came from). Both are replaced together in
 * one transaction, so readers see the old set or the new one, never a mix.
 */
import type { DuckDbStore } from "../../store/duckdb/duckdb-store.js";
import type { IpRangesFile } from "./ip-ranges-file.js";
import type { AwsPrefix } from "./prefix-index.js";

const DDL = [
  `CREATE TABLE IF NOT EXISTS aws_ip_ranges (
  prefix VARCHAR NOT NULL,
  ip_version TINYINT NOT NULL,
  region VARCHAR NOT NULL,
  service VARCHAR NOT NULL,
  network_border_group VARCHAR
)`,
  `CREATE TABLE IF NOT EXISTS aws_ip_ranges_source (
  create_date TIMESTAMP NOT NULL,
  sync_token VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  loaded_at TIMESTAMP NOT NULL
)`,
];

/** Creates the two tables when they are missing. */
export async function ensureIpRangesTables(store: DuckDbStore): Promise<void> {
  for (const ddl of DDL) await store.run(ddl);
}

/** Whether the tables exist (a read-only store may predate them). */
export async function ipRangesTablesExist(store: DuckDbStore): Promise<boolean> {
  const count = await store.value<number>(
    "SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = 'aws_ip_ranges_source' AND NOT temporary",
  );
  return count > 0;
}

export interface IpRangesSource {
  /** UTC, ISO 8601 */
  readonly createDate: string;
  readonly syncToken: string;
  /** The URL or file path the set was read from. */
  readonly source: string;
  /** UTC, ISO 8601 */
  readonly loadedAt: string;
}

const ISO = "'%Y-%m-%dT%H:%M:%SZ'";

/** The current set's origin, or null when none was loaded. */
export async function readIpRangesSource(store: DuckDbStore): Promise<IpRangesSource | null> {
  if (!(await ipRangesTablesExist(store))) return null;
  const [row] = await store.rows<{ createDate: string; syncToken: string; source: string; loadedAt: string }>(
    `SELECT strftime(create_date, ${ISO}) AS "createDate", sync_token AS "syncToken", source,
            strftime(loaded_at, ${ISO}) AS "loadedAt"
     FROM aws_ip_ranges_source LIMIT 1`,
  );
  return row ?? null;
}

/** Replaces the stored set with a file's prefixes, in one transaction. */
export async function replaceIpRanges(store: DuckDbStore, file: IpRangesFile, source: string): Promise<void> {
  await ensureIpRangesTables(store);
  await store.transaction(async () => {
    await store.run("DELETE FROM aws_ip_ranges");
    await store.run("DELETE FROM aws_ip_ranges_source");
    const appender = await store.connection.createAppender("aws_ip_ranges");
    try {
      for (const [version, entries] of [
        [4, file.ipv4],
        [6, file.ipv6],
      ] as const) {
        for (const entry of entries) {
          appender.appendVarchar(entry.prefix);
          appender.appendTinyInt(version);
          appender.appendVarchar(entry.region);
          appender.appendVarchar(entry.service);
          if (entry.networkBorderGroup == null) appender.appendNull();
          else appender.appendVarchar(entry.networkBorderGroup);
          appender.endRow();
        }
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await store.run("INSERT INTO aws_ip_ranges_source VALUES ($1::TIMESTAMP, $2, $3, $4::TIMESTAMP)", [
      file.createDate,
      file.syncToken,
      source,
      new Date().toISOString(),
    ]);
  });
}

/** Every stored prefix, for building an AwsPrefixIndex. */
export async function readAwsPrefixes(store: DuckDbStore): Promise<AwsPrefix[]> {
  if (!(await ipRangesTablesExist(store))) return [];
  return store.rows<AwsPrefix & Record<string, unknown>>(
    `SELECT prefix, region, service, network_border_group AS "networkBorderGroup" FROM aws_ip_ranges`,
  );
}
