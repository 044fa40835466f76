/**
 * The report as the configuration asks for it: the built-in insights plus the user insights folder, the
 * insight parameters and the price overrides. Addresses seen since the last report are classified first
 * (AWS service, private, internet), so the store must be open for writing.
 */
import type { Config } from "../config/config.js";
import { refreshAddresses } from "../enrich/addresses.js";
import type { Period } from "../insights/insight.js";
import { BUILT_IN_INSIGHTS } from "../insights/registry.js";
import { loadUserInsights } from "../insights/user/load-user-insights.js";
import { loadPrices } from "../pricing/price-table.js";
import type { DuckDbStore } from "../store/duckdb/duckdb-store.js";
import { buildReport, type Report } from "./build-report.js";
import type { ChartRenderer } from "./charts/chart-renderer.js";

export interface ConfiguredReportOptions {
  /** Renders charts while the insights run; pass the same renderer to `writeReport`. */
  readonly charts?: ChartRenderer;
}

export async function configuredReport(
  store: DuckDbStore,
  config: Config,
  period: Period,
  options: ConfiguredReportOptions = {},
): Promise<Report> {
  const insightsDir = config.insightsDir;
  const insights = insightsDir
    ? [
        ...BUILT_IN_INSIGHTS,
        ...loadUserInsights(
          insightsDir,
          BUILT_IN_INSIGHTS.map((i) => i.id),
        ),
      ]
    : BUILT_IN_INSIGHTS;
  await refreshAddresses(store);
  return buildReport(store, insights, period, {
    params: config.insights,
    prices: loadPrices({ overrides: config.prices }),
    charts: options.charts,
  });
}
