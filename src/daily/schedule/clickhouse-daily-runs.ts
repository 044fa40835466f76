/**
 * `daily_runs` on a ClickHouse store: the same row per day as on DuckDB, kept as appended versions
 * (store/clickhouse/versioned-table.ts) in `daily_runs_versions`, read through the view `daily_runs`.
 * Called by daily-runs.ts, which checks the day first.
 */
import {
  appendVersion,
  utcNowText,
  type VersionedTable,
  versionedTableDdl,
} from "../../store/clickhouse/versioned-table.js";
import type { Store } from "../../store/store.js";
import { COMPLETED_EXIT_CODES } from "./daily-runs.js";
import type { RunHistory } from "./days-to-run.js";

export const CLICKHOUSE_DAILY_RUNS: VersionedTable = {
  table: "daily_runs_versions",
  view: "daily_runs",
  keys: [["day", "Date"]],
  columns: [
    ["started_at", "DateTime('UTC')"],
    ["finished_at", "Nullable(DateTime('UTC'))"],
    ["exit_code", "Nullable(Int32)"],
    ["trigger", "String"],
  ],
};

async function ensureTables(store: Store): Promise<void> {
  for (const ddl of versionedTableDdl(CLICKHOUSE_DAILY_RUNS)) await store.run(ddl);
}

export async function recordClickHouseRunStart(store: Store, day: string, trigger: string): Promise<void> {
  await ensureTables(store);
  await appendVersion(store, CLICKHOUSE_DAILY_RUNS, { day, started_at: utcNowText(), trigger });
}

export async function recordClickHouseRunEnd(store: Store, day: string, exitCode: number): Promise<void> {
  await ensureTables(store);
  const [run] = await store.rows<{ started_at: string; trigger: string }>(
    "SELECT toString(started_at) AS started_at, trigger FROM daily_runs WHERE day = toDate($day)",
    { day },
  );
  // As DuckDB's UPDATE: the end of a run whose start was never recorded changes nothing.
  if (!run) return;
  await appendVersion(store, CLICKHOUSE_DAILY_RUNS, {
    day,
    started_at: run.started_at,
    trigger: run.trigger,
    finished_at: utcNowText(),
    exit_code: exitCode,
  });
}

export async function clickHouseRunHistory(store: Store): Promise<RunHistory> {
  const exists = await store.value<number>(
    "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'daily_runs'",
  );
  if (Number(exists) === 0) return { firstDay: undefined, completedDays: new Set() };
  const rows = await store.rows<{ day: string; completed: number }>(
    `SELECT toString(day) AS day, ifNull(exit_code IN (${COMPLETED_EXIT_CODES.join(", ")}), 0) AS completed FROM daily_runs ORDER BY day`,
  );
  return {
    firstDay: rows[0]?.day,
    completedDays: new Set(rows.filter((row) => Number(row.completed) === 1).map((row) => row.day)),
  };
}
