/**
 * `GET /api/report?from&to`: the period's report exactly as `flowlens report` writes report.json (headline
 * ranked as in the report; every insight's findings, table, notes and chart), with the cost and security
 * panels taken from its findings. `GET /api/insights/:id?from&to`: one insight of it, its chart as the
 * PNG renders it (the house defaults merged in).
 */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { FlowlensError } from "../../errors.js";
import type { Period } from "../../insights/insight.js";
import { renderedChartSpec } from "../../report/charts/render-chart.js";
import { configuredReport } from "../../report/configured-report.js";
import { checkPeriod, parseInput } from "./api-params.js";
import type { ApiStore } from "./api-store.js";
import { GenerationCache } from "./generation-cache.js";
import { costPanel, securityPanel } from "./report-panels.js";

const periodQuery = z
  .object({
    from: z.string().describe("first UTC day, YYYY-MM-DD"),
    to: z.string().optional().describe("last UTC day, YYYY-MM-DD (default: from)"),
  })
  .strict();

/** What the numbers are in: the front end formats them. */
export const REPORT_UNITS = {
  usd: "USD",
  bytes: "bytes (GiB = 2^30)",
  records: "records",
  days: "UTC days",
} as const;

export function registerReportRoutes(api: FastifyInstance, store: ApiStore): void {
  const cache = new GenerationCache(store, (s, period: Period) => configuredReport(s, store.config, period));
  const reportOf = async (period: Period) => {
    const { generation, value } = await cache.get(`${period.from}..${period.to}`, period);
    return { generation, report: value };
  };
  const periodOf = (query: unknown) => {
    const { from, to } = parseInput(periodQuery, query, "query parameter");
    return checkPeriod(from, to ?? from);
  };

  api.get("/report", async (request) => {
    const period = periodOf(request.query);
    const { generation, report } = await reportOf(period);
    return {
      period,
      generation,
      report,
      costs: costPanel(report),
      security: securityPanel(report),
      units: REPORT_UNITS,
    };
  });

  api.get("/insights/:id", async (request) => {
    const { id } = request.params as { id: string };
    const period = periodOf(request.query);
    const { generation, report } = await reportOf(period);
    const insight = report.insights.find((i) => i.id === id);
    if (!insight) {
      throw new FlowlensError(
        "FLOWLENS_NOT_FOUND",
        `no insight ${JSON.stringify(id)}: expected one of ${report.insights.map((i) => i.id).join(", ")}`,
      );
    }
    return {
      period,
      generation,
      insight: { ...insight, chart: insight.chart ? renderedChartSpec(insight.chart) : undefined },
      units: REPORT_UNITS,
    };
  });
}
