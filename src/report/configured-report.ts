/**
 * The report as the configuration asks for it: the built-in insights plus the user insights folder, the
 * insight parameters and the price overrides. Addresses seen since the last report are classified first
 * (AWS service, private, internet), so the store must be open for writing. Given `compareBefore`, the
 * report gains "Before and after": that earlier period compared with the report's own (src/trends/).
 */
import type { Config } from "../config/config.js";
import { refreshStoreAddresses } from "../enrich/enrichment-store.js";
import type { Period } from "../insights/insight.js";
import { BUILT_IN_INSIGHTS } from "../insights/registry.js";
import { loadUserInsights } from "../insights/user/load-user-insights.js";
import { loadPrices } from "../pricing/price-table.js";
import type { Store } from "../store/store.js";
import { checkPeriodsInOrder, compareInStore } from "../trends/compare-in-store.js";
import { buildReport, type Report } from "./build-report.js";
import type { ChartRenderer } from "./charts/chart-renderer.js";

export interface ConfiguredReportOptions {
  /** Renders charts while the insights run; pass the same renderer to `writeReport`. */
  readonly charts?: ChartRenderer;
  /** An earlier period to compare the report's period with ("Before and after"). @default none */
  readonly compareBefore?: Period;
}

export async function configuredReport(
  store: Store,
  config: Config,
  period: Period,
  options: ConfiguredReportOptions = {},
): Promise<Report> {
  const names = { before: "--compare-before", after: "the report's period" };
  if (options.compareBefore) checkPeriodsInOrder(options.compareBefore, period, names);
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
  await refreshStoreAddresses(store);
  const prices = loadPrices({ overrides: config.prices });
  const report = await buildReport(store, insights, period, {
    params: config.insights,
    prices,
    charts: options.charts,
  });
  if (!options.compareBefore) return report;
  // The insights have refreshed the rollups; the comparison reads them as they now are.
  const beforeAndAfter = await compareInStore(store, options.compareBefore, period, {
    params: config.insights,
    prices,
    names,
  });
  return { ...report, beforeAndAfter };
}
