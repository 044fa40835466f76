/**
 * Append-only rows that stand in for rows DuckDB updates in place (ClickHouse 18.16 has no UPDATE, DELETE
 * or transactions): each write INSERTs a whole new version of the row with a larger `written` stamp into a
 * `ReplacingMergeTree(written)` table ordered by the row's key, and readers see a view of the latest version
 * per key (argMax over `written`, so the answer never waits for a merge). A version can mark its row
 * deleted (`deleted = 1`): the view then leaves the key out. One INSERT is one version, so every write is
 * all or nothing. A table of rows written once (`keep: "first"`: an alert event, where writing the same key
 * again must change nothing) is a plain MergeTree whose view takes the earliest version (argMin), since a
 * ReplacingMergeTree's merges would keep the latest.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import type { Store } from "../store.js";

export interface VersionedTable {
  /** The table versions are appended to (`<view>_versions`). */
  readonly table: string;
  /** The view readers use, with DuckDB's table name (`daily_runs`). */
  readonly view: string;
  /** Key columns with their ClickHouse types, in ORDER BY order. */
  readonly keys: readonly (readonly [string, string])[];
  /** The other columns with their ClickHouse types. */
  readonly columns: readonly (readonly [string, string])[];
  /** Which version of a key readers see. @default "latest" */
  readonly keep?: "latest" | "first";
}

/** The table and the view, created when missing (on the server the store URL names). */
export function versionedTableDdl(t: VersionedTable): string[] {
  const all = [...t.keys, ...t.columns].map(([name, type]) => `${name} ${type}`).join(", ");
  const keys = t.keys.map(([name]) => name);
  const names = t.columns.map(([name]) => name);
  // argMax(x, written) AS x would make 18.16 read x as its own alias: take the latest version as a tuple.
  const first = t.keep === "first";
  const latest = `${first ? "argMin" : "argMax"}(tuple(${[...names, "deleted"].join(", ")}), written)`;
  const columns = names.map((name, i) => `tupleElement(latest, ${i + 1}) AS ${name}`).join(", ");
  return [
    `CREATE TABLE IF NOT EXISTS ${t.table} (${all}, deleted UInt8, written UInt64)
     ENGINE = ${first ? "MergeTree()" : "ReplacingMergeTree(written)"} ORDER BY (${keys.join(", ")})`,
    `CREATE VIEW IF NOT EXISTS ${t.view} AS SELECT ${keys.join(", ")}, ${columns}
     FROM (SELECT ${keys.join(", ")}, ${latest} AS latest FROM ${t.table} GROUP BY ${keys.join(", ")})
     WHERE tupleElement(latest, ${names.length + 1}) = 0`,
  ];
}

let lastStamp = 0;

/**
 * A `written` stamp: microseconds since the epoch, larger than every stamp this process gave before (two
 * writes in one millisecond stay in order).
 */
export function versionStamp(): number {
  lastStamp = Math.max(Date.now() * 1000, lastStamp + 1);
  return lastStamp;
}

type VersionRow = Readonly<Record<string, DuckDBValue | undefined>>;

/** Appends one version of a row: every key and column of `t` from `row` (missing ones NULL). */
export async function appendVersion(
  store: Store,
  t: VersionedTable,
  row: VersionRow,
  options: { deleted?: boolean } = {},
): Promise<void> {
  await appendVersions(store, t, [row], options);
}

/** Appends one version of each row, in one INSERT (all or nothing). */
export async function appendVersions(
  store: Store,
  t: VersionedTable,
  rows: readonly VersionRow[],
  options: { deleted?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const names = [...[...t.keys, ...t.columns].map(([name]) => name), "deleted", "written"];
  const params: Record<string, DuckDBValue> = {};
  const values = rows.map((row, i) => {
    const version: VersionRow = { ...row, deleted: options.deleted ? 1 : 0, written: versionStamp() };
    for (const name of names) params[`${name}_${i}`] = version[name] ?? null;
    return `(${names.map((name) => `$${name}_${i}`).join(", ")})`;
  });
  await store.run(`INSERT INTO ${t.table} (${names.join(", ")}) VALUES ${values.join(", ")}`, params);
}

/** Now, as ClickHouse's DateTime('UTC') text (`YYYY-MM-DD hh:mm:ss`). */
export function utcNowText(): string {
  return new Date().toISOString().slice(0, 19).replace("T", " ");
}
