/** An insight's own SQL file (`src/insights/<folder>/<file>`) with the period written in, for trends to reuse. */
import type { Period } from "../insights/insight.js";
import { periodSql } from "../insights/read-sql.js";

export function insightSql(folder: string, file: string, period: Period): string {
  return periodSql(new URL(`../insights/${folder}/`, import.meta.url).href, file, period);
}
