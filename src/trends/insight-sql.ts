/**
 * The trends' statements on one store: the SQL files of src/trends/ in the store's dialect, through the
 * insights' own `InsightSql` (so `name.duckdb.sql` / `name.clickhouse.sql` / `name.sql` are picked alike),
 * and the insights' derived tables (`nat_processed`, …) from the insights' own files (`insightFile`), so a
 * series reads each number as the insight defines it, on either backend.
 */
import type { Period } from "../insights/insight.js";
import { InsightSql } from "../insights/insight-sql.js";
import type { Store } from "../store/store.js";

/** `src/trends/`'s statements for the period; derive the insights' tables on it first. */
export function trendsSql(store: Store, period: Period): InsightSql {
  return new InsightSql(store, import.meta.url, period);
}

/** An insight's own SQL file (`src/insights/<folder>/<file>`), as a trends statement names it. */
export function insightFile(folder: string, file: string): string {
  return `../insights/${folder}/${file}`;
}
