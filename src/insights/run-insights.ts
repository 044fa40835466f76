/**
 * Runs insights for a period. Parameters that do not validate stop the run before any insight runs (a
 * settings error naming each one, never a note in the report); after that, one insight failing does not
 * stop the others: its error becomes a note in the report and the run goes on. Each insight runs under a
 * time limit (DuckDB has no per-query timeout, so the store is interrupted, see
 * sql-sandbox/time-limit.ts): one that runs too long is stopped, becomes such a note, and the next runs.
 */
import { insightSettingsProblems } from "../config/insight-settings.js";
import { settingsError } from "../config/settings-error.js";
import { messageOf } from "../errors.js";
import { loadPrices, type PriceTable } from "../pricing/price-table.js";
import { TimeLimit } from "../sql-sandbox/time-limit.js";
import type { Store } from "../store/store.js";
import { ensureEnrichmentTables } from "./enrichment-tables.js";
import type { InsightDefinition, InsightOutput, Period } from "./insight.js";

/** How long one insight may run unless it says otherwise (a user insight's `timeoutSeconds`). @default 60 s */
export const INSIGHT_TIME_LIMIT_MS = 60_000;

export interface InsightResult extends InsightOutput {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly error?: string;
  readonly seconds: number;
}

/** `onResult` hears of each insight as it finishes, e.g. to render its chart while the next one runs. */
export async function runInsights(
  store: Store,
  insights: readonly InsightDefinition<never>[],
  period: Period,
  paramOverrides: Readonly<Record<string, unknown>> = {},
  prices: PriceTable = loadPrices(),
  onResult: (result: InsightResult) => void = () => {},
): Promise<InsightResult[]> {
  const problems = insightSettingsProblems(paramOverrides, insights);
  if (problems.length > 0) throw settingsError(problems.map((p) => `${p.path.join(".")}: ${p.message}`));
  await ensureEnrichmentTables(store);
  // Days an interrupted ingest left unsummarised are caught up here.
  await store.settleRollups();
  const results: InsightResult[] = [];
  for (const insight of insights as readonly InsightDefinition<unknown>[]) {
    const started = performance.now();
    const base = { id: insight.id, title: insight.title, description: insight.description };
    const limit = new TimeLimit(
      store,
      insight.timeLimitMs ?? INSIGHT_TIME_LIMIT_MS,
      insight.timeLimitHint ?? "report a shorter period",
    );
    try {
      const params = insight.params.parse(paramOverrides[insight.id] ?? {});
      const output = await insight.run({ store, period, params, prices });
      limit.stop();
      results.push({ ...base, ...output, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      limit.stop();
      const message = limit.expired
        ? `${insight.source ?? insight.id}: ${messageOf(limit.error())}`
        : messageOf(error);
      results.push({
        ...base,
        findings: [],
        table: [],
        notes: [`This insight failed: ${message}`],
        error: message,
        seconds: (performance.now() - started) / 1000,
      });
    }
    onResult(results[results.length - 1] as InsightResult);
  }
  return results;
}
