/**
 * The daily run ledger, in the store: one row per day, describing the latest run of that day. A run that is
 * started and never ended (the process was killed) keeps `finished_at` NULL. A day counts as completed when
 * its latest run ended with exit code 0, or 1 (a partial success whose report was delivered). The table is
 * created on first write; reading a store that has none answers "nothing ran".
 *
 * These functions take an open store, of either backend: on ClickHouse, which has no UPDATE, each write
 * appends a version of the day's row and `daily_runs` is a view of the latest (clickhouse-daily-runs.ts).
 * Only `recorded-run-day.ts` calls the two writers; the scheduler, and `flowlens daily` too, run days
 * through it, so each run is recorded once.
 */
import type { Store } from "../../store/store.js";
import { parseUtcDay } from "../../utc-day.js";
import {
  clickHouseRunHistory,
  recordClickHouseRunEnd,
  recordClickHouseRunStart,
} from "./clickhouse-daily-runs.js";
import type { RunHistory } from "./days-to-run.js";

/** What started a run: a cron tick, the catch-up of missed days, or `flowlens daily` by hand. */
export type RunTrigger = "schedule" | "catch-up" | "manual";

export const DAILY_RUNS_DDL = `CREATE TABLE IF NOT EXISTS daily_runs (
  day DATE PRIMARY KEY,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  exit_code INTEGER,
  trigger VARCHAR NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'manual'))
)`;

/** Exit codes with which a day counts as done: 0 done, 1 done with a gap the delivered report states. */
export const COMPLETED_EXIT_CODES: readonly number[] = [0, 1];

const NOW = "now() AT TIME ZONE 'UTC'";

/** Records that a run of `day` started, replacing what an earlier run of the day left. */
export async function recordRunStart(store: Store, day: string, trigger: RunTrigger): Promise<void> {
  parseUtcDay("day", day);
  if (store.dialect.name === "clickhouse") return recordClickHouseRunStart(store, day, trigger);
  await store.run(DAILY_RUNS_DDL);
  await store.run(
    `INSERT INTO daily_runs VALUES (CAST($day AS DATE), ${NOW}, NULL, NULL, $trigger)
     ON CONFLICT DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, exit_code = NULL,
       trigger = excluded.trigger`,
    { day, trigger },
  );
}

/** Records how the run of `day` ended. */
export async function recordRunEnd(store: Store, day: string, exitCode: number): Promise<void> {
  parseUtcDay("day", day);
  if (store.dialect.name === "clickhouse") return recordClickHouseRunEnd(store, day, exitCode);
  await store.run(DAILY_RUNS_DDL);
  await store.run(
    `UPDATE daily_runs SET finished_at = ${NOW}, exit_code = $exitCode WHERE day = CAST($day AS DATE)`,
    {
      day,
      exitCode,
    },
  );
}

/** The first day that ever ran and the days whose latest run completed; nothing when none ever ran. */
export async function runHistory(store: Store): Promise<RunHistory> {
  if (store.dialect.name === "clickhouse") return clickHouseRunHistory(store);
  // Read without creating the table, so a read-only store answers too.
  const exists = await store.value<number>(
    "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'daily_runs'",
  );
  if (Number(exists) === 0) return { firstDay: undefined, completedDays: new Set() };
  const rows = await store.rows<{ day: string; completed: boolean }>(
    `SELECT CAST(day AS VARCHAR) AS day, coalesce(exit_code IN (${COMPLETED_EXIT_CODES.join(", ")}), false) AS completed
     FROM daily_runs ORDER BY day`,
  );
  return {
    firstDay: rows[0]?.day,
    completedDays: new Set(rows.filter((row) => row.completed).map((row) => row.day)),
  };
}
