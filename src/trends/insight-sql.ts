/** An insight's own derived table (`src/insights/<folder>/<file>`, its period written in), for trends to reuse. */
import type { Period } from "../insights/insight.js";
import { InsightSql } from "../insights/insight-sql.js";
import type { Store } from "../store/store.js";

export async function deriveInsightTable(
  store: Store,
  folder: string,
  file: string,
  table: string,
  period: Period,
): Promise<void> {
  const moduleUrl = new URL(`../insights/${folder}/${folder}.js`, import.meta.url).href;
  await new InsightSql(store, moduleUrl, period).derive(table, file);
}
