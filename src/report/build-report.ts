/**
 * A report: every insight run for a period, plus the headline — the three findings that matter most,
 * ranked by severity and then by dollars. Nothing in it depends on when it was built, so the same store
 * gives the same report.
 */
import type { Finding, InsightDefinition, Period } from "../insights/insight.js";
import { type InsightResult, runInsights } from "../insights/run-insights.js";
import type { PriceTable } from "../pricing/price-table.js";
import type { Store } from "../store/store.js";
import type { Comparison } from "../trends/compare-periods.js";
import type { ChartRenderer } from "./charts/chart-renderer.js";

export interface Report {
  readonly title: string;
  readonly period: Period;
  readonly headline: readonly Finding[];
  readonly insights: readonly Omit<InsightResult, "seconds">[];
  /** "Before and after": an earlier period compared with this one, when the report was asked for it. */
  readonly beforeAndAfter?: Comparison;
}

const SEVERITY_RANK = { high: 3, medium: 2, low: 1, info: 0 } as const;

/** Most important first: severity, then dollars, then the order insights were registered in. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, order) => ({ finding, order }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
        (b.finding.usd ?? -1) - (a.finding.usd ?? -1) ||
        a.order - b.order,
    )
    .map((x) => x.finding);
}

export function describePeriod(period: Period): string {
  return period.from === period.to ? period.from : `${period.from} to ${period.to}`;
}

export interface BuildReportOptions {
  /** Parameters per insight id, from the config. @default each insight's defaults */
  readonly params?: Readonly<Record<string, unknown>>;
  /** @default list prices without overrides */
  readonly prices?: PriceTable;
  /** Renders each insight's chart as soon as the insight has run (see `ChartRenderer`). */
  readonly charts?: ChartRenderer;
}

export async function buildReport(
  store: Store,
  insights: readonly InsightDefinition<never>[],
  period: Period,
  options: BuildReportOptions = {},
): Promise<Report> {
  const results = await runInsights(store, insights, period, options.params, options.prices, (result) => {
    if (result.chart) options.charts?.add(result.id, result.chart);
  });
  return {
    title: `flowlens report — ${describePeriod(period)} (UTC)`,
    period,
    headline: rankFindings(results.flatMap((r) => r.findings)).slice(0, 3),
    insights: results.map(({ seconds: _seconds, ...rest }) => rest),
  };
}
