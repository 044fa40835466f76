/**
 * Which days of `flow_rollup` may hold addresses that `addresses` has not read yet, so that a refresh
 * reads the days loads touched since the last one instead of every day the store keeps.
 *
 * A day is read again when its rollup rows changed (`address_days`: each day's row count as the last
 * refresh saw it; a load adds a part, which adds rows) or when one of its objects was loaded
 * since (`address_sources`: each object's `loaded_at` as last seen; an object replaced by one of the same
 * sums gets a new `loaded_at`). A day still waiting for its rollup rebuild (`rollup_dirty_days`) is not
 * noted as read, so it is read again once rebuilt; an object whose rows still wait in `rollup_pending`
 * changes its day's rows when they are added.
 */
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";

const DDL = [
  "CREATE TABLE IF NOT EXISTS address_days (day DATE PRIMARY KEY, rollup_rows BIGINT)",
  "CREATE TABLE IF NOT EXISTS address_sources (source_id INTEGER PRIMARY KEY, loaded_at TIMESTAMP)",
];

/** The rollup's days as they are now (temp table `address_days_now`), and the objects not seen yet. */
const NOW_SQL = [
  `CREATE OR REPLACE TEMP TABLE address_days_now AS
   SELECT day, count(*)::BIGINT AS rollup_rows FROM flow_rollup GROUP BY day`,
  `CREATE OR REPLACE TEMP TABLE address_sources_new AS
   SELECT s.source_id, s.loaded_at FROM sources s
   WHERE NOT EXISTS (
     SELECT 1 FROM address_sources a WHERE a.source_id = s.source_id AND a.loaded_at = s.loaded_at
   )`,
];

/** Inside the refresh's transaction: fills the temp table `address_days_read` with the days to read (every day when `all`). */
export async function daysToRead(store: DuckDbStore, all: boolean): Promise<void> {
  for (const sql of [...DDL, ...NOW_SQL]) await store.run(sql);
  const range = await store.rows<{ low: number | null; high: number | null }>(
    "SELECT min(source_id) AS low, max(source_id) AS high FROM address_sources_new",
  );
  const { low, high } = range[0] ?? { low: null, high: null };
  // The id range lets DuckDB skip the row groups of older objects (source ids grow with each object).
  const loadedDays =
    low === null || high === null
      ? ""
      : `UNION SELECT DISTINCT day FROM flow_records
         WHERE source_id BETWEEN ${Number(low)} AND ${Number(high)}
           AND source_id IN (SELECT source_id FROM address_sources_new) AND day IS NOT NULL`;
  await store.run(
    all
      ? "CREATE OR REPLACE TEMP TABLE address_days_read AS SELECT day FROM address_days_now"
      : `CREATE OR REPLACE TEMP TABLE address_days_read AS
         SELECT day FROM address_days_now n
         WHERE NOT EXISTS (
           SELECT 1 FROM address_days d
           WHERE d.day = n.day AND d.rollup_rows = n.rollup_rows
         )
         ${loadedDays}`,
  );
}

/** Inside the same transaction, once the days were read: notes what was read, and drops the temp tables. */
export async function noteDaysRead(store: DuckDbStore): Promise<void> {
  await store.run("DELETE FROM address_days");
  await store.run(
    `INSERT INTO address_days SELECT * FROM address_days_now
     WHERE day NOT IN (SELECT day FROM rollup_dirty_days)`,
  );
  await store.run("INSERT OR REPLACE INTO address_sources SELECT * FROM address_sources_new");
  for (const table of ["address_days_now", "address_sources_new", "address_days_read"])
    await store.run(`DROP TABLE IF EXISTS ${table}`);
}
